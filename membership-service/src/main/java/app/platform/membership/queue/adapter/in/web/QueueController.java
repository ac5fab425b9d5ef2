package app.platform.membership.queue.adapter.in.web;

import app.platform.membership.queue.application.PayoutQueue;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My place in the payout queue; operators see and reorder the whole queue. */
@RestController
class QueueController {

    private final PayoutQueue queue;

    QueueController(PayoutQueue queue) {
        this.queue = queue;
    }

    /** The position to move to (1 to the queue's length, which the queue checks) and why. */
    record Move(@NotNull @Positive Integer position, @NotBlank @Size(max = 500) String reason) {
    }

    @GetMapping("/api/membership/me/queue")
    Mono<PayoutQueue.Standing> mine(@AuthenticationPrincipal Jwt jwt) {
        return queue.standing(Caller.id(jwt));
    }

    @PostMapping("/api/membership/me/queue")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PayoutQueue.Standing> join(@AuthenticationPrincipal Jwt jwt) {
        return queue.join(Caller.id(jwt), Caller.metadata(jwt));
    }

    @DeleteMapping("/api/membership/me/queue")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> leave(@AuthenticationPrincipal Jwt jwt) {
        return queue.leave(Caller.id(jwt), Caller.metadata(jwt));
    }

    @GetMapping("/api/membership/admin/queue")
    Flux<PayoutQueue.Entry> all() {
        return queue.all();
    }

    @PostMapping("/api/membership/admin/queue/{userId}/move")
    Mono<PayoutQueue.Standing> move(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId, @Valid @RequestBody Move body) {
        return queue.move(Caller.id(jwt), userId, body.position(), body.reason(),
                Caller.metadata(jwt));
    }
}
