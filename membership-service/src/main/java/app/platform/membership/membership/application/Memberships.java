package app.platform.membership.membership.application;

import app.platform.membership.membership.domain.MembershipStatus;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The persistence port of memberships. */
public interface Memberships {

    record Membership(UUID id, UUID userId, String plan, MembershipStatus status, UUID subscriptionId,
                      Instant activatedAt, Instant pausedAt, Instant cancelledAt, Instant expiredAt,
                      Instant paymentFailedAt, Instant createdAt) {
    }

    Flux<Membership> ofUser(UUID userId);

    /** The member's membership that is not over (at most one). */
    Mono<Membership> live(UUID userId);

    Mono<Void> insert(Membership membership);

    /** Stores the status and stamps the time of the transition into it. */
    Mono<Void> transition(UUID id, MembershipStatus status, Instant at);

    Mono<Void> paymentFailed(UUID id, Instant at);

    Mono<Void> paymentSucceeded(UUID id);

    /** Live memberships whose payment failed at or before {@code before}. */
    Flux<Membership> failedPaymentsBefore(Instant before);
}
