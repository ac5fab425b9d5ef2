package app.platform.membership.payout.application;

import app.platform.membership.payout.application.Payouts.Payout;
import app.platform.membership.payout.domain.PayoutStatus;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Payouts}, implemented in {@code adapter.out}. */
public interface PayoutStore {
    Mono<Payout> find(UUID id);

    /** Locked for a change. */
    Mono<Payout> forUpdate(UUID id);

    /** False when the member already has an open payout. */
    Mono<Boolean> insert(Payout payout);

    Mono<Void> update(UUID id, PayoutStatus status, UUID operator, String failure, Instant at);

    Flux<Payout> ofUser(UUID userId);

    Flux<Payout> withStatus(PayoutStatus status);

    /** Queue entries in order whose member has no open payout. */
    Flux<UUID> queueWithoutOpenPayout();

    /** Takes the scheduler's lock until the transaction ends (a second instance waits, then finds nothing). */
    Mono<Void> lockScheduling();

    /** When the latest payout scheduled at or before {@code now} was scheduled (any status). */
    Mono<Instant> lastScheduled(Instant now);
}
