package app.platform.membership.payout.application;

import app.platform.runtime.Jobs;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.membership.PayoutApproved;
import app.platform.events.membership.PayoutFailed;
import app.platform.events.membership.PayoutPaid;
import app.platform.events.membership.PayoutScheduled;
import app.platform.outbox.ReactiveOutbox;
import app.platform.membership.payout.domain.Eligibility;
import app.platform.membership.payout.domain.Money;
import app.platform.membership.payout.domain.PayoutStatus;
import app.platform.membership.queue.application.PayoutQueue;
import app.platform.membership.queue.application.PayoutSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payouts. Every {@code membership.payouts.cadence} the first eligible member in queue order (an ineligible member
 * keeps their place and is passed over) gets a payout of {@code membership.payouts.amount}
 * {@code membership.payouts.currency}; at most one open payout exists per member and per run. An operator approves
 * it and marks it paid (the member then leaves the queue: paid out) or failed (the member keeps their place).
 * Each action names the payout by id and is idempotent: doing it again returns the payout as it is.
 */
@Service
public class Payouts {

    public record Payout(UUID id, UUID userId, BigDecimal amount, String currency, PayoutStatus status,
                         Instant scheduledFor, Instant paidAt, String failure) {
    }

    private final PayoutStore store;
    private final MemberFacts facts;
    private final PayoutQueue queue;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Money amount;
    private final Duration cadence;
    private final TransactionalOperator tx;

    public Payouts(PayoutStore store, MemberFacts facts, PayoutQueue queue, ReactiveOutbox outbox, Clock clock,
                   PayoutSettings settings, TransactionalOperator tx) {
        this.store = store;
        this.facts = facts;
        this.queue = queue;
        this.outbox = outbox;
        this.clock = clock;
        this.amount = new Money(settings.amount(), settings.currency());
        this.cadence = settings.cadence();
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${membership.payouts.cadence:P7D}", initialDelayString = "${membership.payouts.first-run:PT1H}")
    void scheduled() {
        Jobs.run(scheduleOnCadence());
    }

    /**
     * The timer's run: {@link #scheduleNext}, unless a payout was scheduled within the last cadence. Every replica
     * runs the timer, and again after each restart; the queue pays one member a cadence, whichever replica comes first
     * (an operator's run now is not held back: {@code POST /api/membership/admin/payouts/schedule}).
     */
    public Mono<Payout> scheduleOnCadence() {
        Instant now = clock.instant();
        // its own transaction (the timer calls it on this object, past the @Transactional proxy): the lock holds to
        // the end of the scheduling
        return store.lockScheduling().then(store.lastScheduled(now).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .filter(last -> last.isEmpty() || !last.get().plus(cadence).isAfter(now))
                .flatMap(last -> scheduleNext())
                .as(tx::transactional);
    }

    /** Schedules a payout for the first eligible member in the queue, if any. */
    @Transactional
    public Mono<Payout> scheduleNext() {
        Instant now = clock.instant();
        return store.lockScheduling()
                // read whole before the facts' reads on the transaction's one connection (a streaming result holds it)
                .thenMany(store.queueWithoutOpenPayout().collectList().flatMapMany(Flux::fromIterable))
                .concatMap(userId -> facts.of(userId).filter(f -> Eligibility.of(f, now).eligible()).map(f -> userId))
                .next()
                .flatMap(userId -> {
                    Payout payout = new Payout(UUID.randomUUID(), userId, amount.amount(), amount.currency(),
                            PayoutStatus.SCHEDULED, now, null, null);
                    return store.insert(payout).filter(inserted -> inserted)
                            .flatMap(inserted -> outbox.append(new PayoutScheduled(payout.id(), userId, payout.amount(),
                                    payout.currency(), now), new EventMetadata(null, "membership-service")).thenReturn(payout));
                });
    }

    @Transactional
    public Mono<Payout> approve(UUID operator, UUID payoutId, EventMetadata metadata) {
        return change(payoutId, PayoutStatus.APPROVED, payout -> eligible(payout)
                .then(store.update(payoutId, payout.status().approve(), operator, null, clock.instant()))
                .then(outbox.append(new PayoutApproved(payoutId, payout.userId(), operator, clock.instant()), metadata)).then());
    }

    @Transactional
    public Mono<Payout> pay(UUID operator, UUID payoutId, EventMetadata metadata) {
        return change(payoutId, PayoutStatus.PAID, payout -> {
            Instant now = clock.instant();
            return eligible(payout)
                    .then(store.update(payoutId, payout.status().pay(), operator, null, now))
                    .then(outbox.append(new PayoutPaid(payoutId, payout.userId(), payout.amount(), payout.currency(), now), metadata))
                    .then(queue.leaveIfQueued(payout.userId(), "paid_out", metadata));
        });
    }

    @Transactional
    public Mono<Payout> fail(UUID operator, UUID payoutId, String reason, EventMetadata metadata) {
        String why = reason == null || reason.isBlank() ? "unspecified" : reason.strip();
        return change(payoutId, PayoutStatus.FAILED, payout -> store.update(payoutId, payout.status().fail(), operator,
                        why, clock.instant())
                .then(outbox.append(new PayoutFailed(payoutId, payout.userId(), why, clock.instant()), metadata)).then());
    }

    @Transactional
    public Mono<Payout> cancel(UUID operator, UUID payoutId, EventMetadata metadata) {
        return change(payoutId, PayoutStatus.CANCELLED, payout -> store.update(payoutId, payout.status().cancel(), operator,
                        "cancelled", clock.instant())
                .then(outbox.append(new PayoutFailed(payoutId, payout.userId(), "cancelled", clock.instant()), metadata)).then());
    }

    public Flux<Payout> mine(UUID userId) {
        return store.ofUser(userId);
    }

    public Flux<Payout> withStatus(PayoutStatus status) {
        return store.withStatus(status);
    }

    /** Applies the action unless the payout is already where it leads (the repeat of a done action). */
    private Mono<Payout> change(UUID payoutId, PayoutStatus target, java.util.function.Function<Payout, Mono<Void>> action) {
        return store.forUpdate(payoutId).switchIfEmpty(Mono.error(() -> new NotFound("payout")))
                .flatMap(payout -> payout.status() == target ? Mono.empty() : action.apply(payout))
                .then(store.find(payoutId));
    }

    private Mono<Void> eligible(Payout payout) {
        Instant now = clock.instant();
        return facts.of(payout.userId()).doOnNext(f -> Eligibility.of(f, now).require()).then();
    }
}
