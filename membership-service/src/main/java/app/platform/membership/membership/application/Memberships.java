package app.platform.membership.membership.application;

import app.platform.membership.membership.domain.Arrears;
import app.platform.membership.membership.domain.MembershipStatus;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The persistence port of memberships. */
public interface Memberships {

    record Membership(UUID id, UUID userId, String plan, MembershipStatus status, UUID subscriptionId,
                      Instant activatedAt, Instant pausedAt, Instant cancelledAt, Instant expiredAt,
                      Instant paymentFailedAt, Instant paymentSucceededAt, Instant createdAt) {

        public Arrears arrears() {
            return new Arrears(paymentFailedAt, paymentSucceededAt);
        }
    }

    Flux<Membership> ofUser(UUID userId);

    /** The member's membership that is not over (at most one). */
    Mono<Membership> live(UUID userId);

    /**
     * The same, its row locked until the caller's transaction ends, so that two changes of it (a ban and a
     * cancellation on two listeners) take turns, each reading what the other wrote; empty if it ended meanwhile.
     */
    Mono<Membership> liveForUpdate(UUID userId);

    /** Points a live membership at the member's current subscription (billing started another one). */
    Mono<Void> subscription(UUID id, UUID subscriptionId);

    Mono<Void> insert(Membership membership);

    /** Stores the status and stamps the time of the transition into it. */
    Mono<Void> transition(UUID id, MembershipStatus status, Instant at);

    Mono<Void> arrears(UUID id, Arrears arrears);

    /**
     * Live memberships whose payment failed at or before {@code before}, locked until the caller's transaction ends
     * (one that changed meanwhile is read as it is now, and left out if it no longer matches).
     */
    Flux<Membership> failedPaymentsBefore(Instant before);
}
