package app.platform.billing.monitoring.adapter.in.web;

import app.platform.billing.monitoring.application.Monitoring;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Operators review the monitoring's alerts. */
@RestController
class AlertController {

    record Review(@NotBlank @Size(max = 16) String decision, @Size(max = 1000) String note) {
    }

    private final Monitoring monitoring;

    AlertController(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @GetMapping("/api/billing/admin/alerts")
    Flux<Monitoring.Alert> alerts(@RequestParam(defaultValue = "open") String status) {
        return monitoring.withStatus(status);
    }

    @PostMapping("/api/billing/admin/alerts/{id}/review")
    Mono<Monitoring.Alert> review(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody Review body) {
        return monitoring.review(id, Caller.id(jwt), body.decision(), body.note());
    }
}
