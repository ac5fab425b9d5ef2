package app.platform.membership.payout.adapter.in.web;

import app.platform.errors.InvalidInput;
import app.platform.membership.payout.application.Payouts;
import app.platform.membership.payout.domain.PayoutStatus;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
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

/** My payouts; operators schedule (also on the cadence), approve, pay, fail and cancel them. */
@RestController
class PayoutController {

    private final Payouts payouts;

    PayoutController(Payouts payouts) {
        this.payouts = payouts;
    }

    /** Optional (stored as {@code unspecified}); at most what the payout's {@code failure} column holds. */
    record Failure(@Size(max = 200) String reason) {
    }

    @GetMapping("/api/membership/me/payouts")
    Flux<Payouts.Payout> mine(@AuthenticationPrincipal Jwt jwt) {
        return payouts.mine(Caller.id(jwt));
    }

    @GetMapping("/api/membership/admin/payouts")
    Flux<Payouts.Payout> withStatus(@RequestParam(defaultValue = "scheduled") String status) {
        return Mono.fromCallable(() -> {
            try {
                return PayoutStatus.of(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("status", "unknown status");
            }
        }).flatMapMany(payouts::withStatus);
    }

    /** Runs the scheduler now: 201 with the payout, or 204 when no queued member is eligible. */
    @PostMapping("/api/membership/admin/payouts/schedule")
    Mono<ResponseEntity<Payouts.Payout>> schedule() {
        return payouts.scheduleNext().map(p -> ResponseEntity.status(201).body(p))
                .defaultIfEmpty(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/membership/admin/payouts/{id}/approve")
    Mono<Payouts.Payout> approve(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return payouts.approve(Caller.id(jwt), id, Caller.metadata(jwt));
    }

    @PostMapping("/api/membership/admin/payouts/{id}/pay")
    Mono<Payouts.Payout> pay(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return payouts.pay(Caller.id(jwt), id, Caller.metadata(jwt));
    }

    @PostMapping("/api/membership/admin/payouts/{id}/fail")
    Mono<Payouts.Payout> fail(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody Failure body) {
        return payouts.fail(Caller.id(jwt), id, body.reason(), Caller.metadata(jwt));
    }

    @PostMapping("/api/membership/admin/payouts/{id}/cancel")
    Mono<Payouts.Payout> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return payouts.cancel(Caller.id(jwt), id, Caller.metadata(jwt));
    }
}
