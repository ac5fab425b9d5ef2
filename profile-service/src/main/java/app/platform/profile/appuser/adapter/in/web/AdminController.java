package app.platform.profile.appuser.adapter.in.web;

import app.platform.events.EventMetadata;
import app.platform.profile.appuser.application.ReconcileWithIdentity;
import app.platform.profile.appuser.application.SuspendAppUser;
import app.platform.profile.privacy.application.PersonalData;
import app.platform.profile.web.Me;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operators (admin role): any user's data, suspension, and the reconciliation with identity. */
@RestController
@RequestMapping("/api/profile/admin")
class AdminController {

    private final PersonalData personalData;
    private final SuspendAppUser suspend;
    private final ReconcileWithIdentity reconciliation;

    AdminController(PersonalData personalData, SuspendAppUser suspend, ReconcileWithIdentity reconciliation) {
        this.personalData = personalData;
        this.suspend = suspend;
        this.reconciliation = reconciliation;
    }

    @GetMapping("/users/{id}")
    Mono<Map<String, Object>> user(@PathVariable UUID id) {
        return personalData.export(id);
    }

    @PostMapping("/users/{id}/suspend")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> suspend(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return suspend.suspend(id, EventMetadata.ofUser(null, Me.id(jwt)));
    }

    @PostMapping("/users/{id}/unsuspend")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> unsuspend(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return suspend.unsuspend(id, EventMetadata.ofUser(null, Me.id(jwt)));
    }

    @PostMapping("/reconciliation")
    Mono<ReconcileWithIdentity.Report> reconcile() {
        return reconciliation.run();
    }

    @GetMapping("/reconciliation")
    Mono<ResponseEntity<ReconcileWithIdentity.Report>> lastReport() {
        return reconciliation.lastReport().map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.noContent().build());
    }
}
