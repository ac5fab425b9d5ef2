package app.platform.membership.dispute.adapter.in.web;

import app.platform.membership.dispute.application.Disputes;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My disputes; operators answer and resolve them. */
@RestController
class DisputeController {

    private final Disputes disputes;

    DisputeController(Disputes disputes) {
        this.disputes = disputes;
    }

    /** Evidence is an optional document-store reference (its form is the domain's rule). */
    record NewDispute(@NotBlank @Size(max = 16) String subjectType, @NotNull UUID subjectId,
                      @NotBlank @Size(max = 4000) String message, @Size(max = 300) String evidence) {
    }

    record NewMessage(@NotBlank @Size(max = 4000) String message, @Size(max = 300) String evidence) {
    }

    record Resolution(@NotBlank @Size(max = 32) String resolution) {
    }

    @GetMapping("/api/membership/me/disputes")
    Flux<Disputes.Dispute> mine(@AuthenticationPrincipal Jwt jwt) {
        return disputes.mine(Caller.id(jwt));
    }

    @PostMapping("/api/membership/me/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Disputes.Dispute> open(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewDispute body) {
        return Mono.defer(() -> disputes.open(Caller.id(jwt), body.subjectType(), body.subjectId(), body.message(),
                body.evidence(), Caller.metadata(jwt)));
    }

    @PostMapping("/api/membership/me/disputes/{id}/messages")
    Mono<Disputes.Dispute> say(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody NewMessage body) {
        return Mono.defer(() -> disputes.addMessage(id, Caller.id(jwt), body.message(), body.evidence()));
    }

    @PostMapping("/api/membership/me/disputes/{id}/withdraw")
    Mono<Disputes.Dispute> withdraw(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return disputes.withdraw(id, Caller.id(jwt), Caller.metadata(jwt));
    }

    @GetMapping("/api/membership/admin/disputes")
    Flux<Disputes.Dispute> open() {
        return disputes.open();
    }

    @PostMapping("/api/membership/admin/disputes/{id}/messages")
    Mono<Disputes.Dispute> answer(@PathVariable UUID id, @Valid @RequestBody NewMessage body) {
        return Mono.defer(() -> disputes.addMessage(id, null, body.message(), body.evidence()));
    }

    @PostMapping("/api/membership/admin/disputes/{id}/resolve")
    Mono<Disputes.Dispute> resolve(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody Resolution body) {
        return disputes.resolve(id, Caller.id(jwt), body.resolution(), Caller.metadata(jwt));
    }
}
