package app.platform.membership.membership.application;

import app.platform.runtime.Jobs;
import app.platform.events.DomainEvent;
import app.platform.events.EventMetadata;
import app.platform.events.billing.PaymentFailed;
import app.platform.events.billing.PaymentSucceeded;
import app.platform.events.billing.SubscriptionCancelled;
import app.platform.events.billing.SubscriptionStarted;
import app.platform.events.membership.MembershipActivated;
import app.platform.events.membership.MembershipCancelled;
import app.platform.events.membership.MembershipExpired;
import app.platform.events.membership.MembershipPaused;
import app.platform.outbox.ReactiveOutbox;
import app.platform.membership.membership.application.Memberships.Membership;
import app.platform.membership.membership.domain.ActiveMember;
import app.platform.membership.membership.domain.Arrears;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.queue.application.PayoutQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Memberships follow billing and identity (the rules are {@link MembershipStatus}'s): a started subscription
 * creates an active membership (or moves the live one to it), a successful payment activates a pending one and
 * clears a failed payment, a failed payment not made good within {@code membership.grace-period} expires it, a
 * cancelled subscription cancels it (if it is the membership's subscription: a cancelled old one arriving after the
 * new one started changes nothing), a ban pauses and an unban resumes it. A membership that ends takes its member out
 * of the queue. Billing's events come on several partitions, in any order between two payments or two subscriptions:
 * a payment's failure older than a success is stale ({@link Arrears}). Each change reads the membership locked, so two
 * changes at once (a ban and a cancellation) take turns, the second reading what the first wrote.
 */
@Service
public class MembershipLifecycle {

    private final Memberships memberships;
    private final PayoutQueue queue;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Duration grace;
    private final TransactionalOperator tx;

    public MembershipLifecycle(Memberships memberships, PayoutQueue queue, ReactiveOutbox outbox, Clock clock,
                               LifecycleSettings settings, TransactionalOperator tx) {
        this.memberships = memberships;
        this.queue = queue;
        this.outbox = outbox;
        this.clock = clock;
        this.grace = settings.gracePeriod();
        this.tx = tx;
    }

    public Mono<Void> subscriptionStarted(SubscriptionStarted e, EventMetadata metadata) {
        Instant now = clock.instant();
        // a live membership is activated (activate completes empty, so it is not a switchIfEmpty); none, one is created
        return memberships.liveForUpdate(e.userId())
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(live -> live.isPresent() ? memberships.subscription(live.get().id(), e.subscriptionId())
                        .then(activate(live.get(), "subscription_started", metadata)) : Mono.defer(() -> {
                    Membership created = new Membership(UUID.randomUUID(), e.userId(), e.plan(), MembershipStatus.ACTIVE,
                            e.subscriptionId(), now, null, null, null, null, null, now);
                    return memberships.insert(created).then(announce(created.id(), e.userId(), e.plan(),
                            MembershipStatus.ACTIVE, "subscription_started", now, metadata));
                }));
    }

    /**
     * A payment made good: the live membership's arrears cleared (a pending one activated). A membership that lapsed
     * while billing still retried its subscription's charge (the grace period is shorter than the retries, and a
     * past-due subscription can be paid later) comes back as a new membership of that subscription's plan: the
     * member paid for it.
     */
    public Mono<Void> paymentSucceeded(PaymentSucceeded e, EventMetadata metadata) {
        return memberships.liveForUpdate(e.userId())
                .flatMap(live -> memberships.arrears(live.id(), live.arrears().paid(e.succeededAt()))
                        .then(live.status() == MembershipStatus.PENDING ? activate(live, "payment_succeeded", metadata)
                                : Mono.empty())
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> renewLapsed(e, metadata)).thenReturn(true))
                .then();
    }

    private Mono<Void> renewLapsed(PaymentSucceeded e, EventMetadata metadata) {
        // the subscription's newest membership, when it lapsed (one cancelled since stays cancelled)
        return memberships.ofUser(e.userId())
                .filter(m -> e.subscriptionId() != null && e.subscriptionId().equals(m.subscriptionId()))
                .reduce((a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b)
                .filter(newest -> newest.status() == MembershipStatus.EXPIRED)
                .flatMap(lapsed -> {
                    Instant now = clock.instant();
                    Membership renewed = new Membership(UUID.randomUUID(), e.userId(), lapsed.plan(),
                            MembershipStatus.ACTIVE, e.subscriptionId(), now, null, null, null, null, e.succeededAt(), now);
                    return memberships.insert(renewed).then(announce(renewed.id(), e.userId(), lapsed.plan(),
                            MembershipStatus.ACTIVE, "payment_succeeded", now, metadata));
                });
    }

    public Mono<Void> paymentFailed(PaymentFailed e) {
        return memberships.liveForUpdate(e.userId())
                .flatMap(live -> memberships.arrears(live.id(), live.arrears().failed(e.failedAt()))).then();
    }

    public Mono<Void> subscriptionCancelled(SubscriptionCancelled e, EventMetadata metadata) {
        return memberships.liveForUpdate(e.userId())
                .filter(live -> live.subscriptionId() == null || live.subscriptionId().equals(e.subscriptionId()))
                .flatMap(live -> {
                    MembershipStatus to = live.status().cancel();
                    Instant now = clock.instant();
                    return memberships.transition(live.id(), to, now)
                            .then(announce(live.id(), live.userId(), live.plan(), to, "subscription_cancelled", now, metadata))
                            .then(queue.leaveIfQueued(live.userId(), "membership_ended", metadata));
                }).then();
    }

    public Mono<Void> banned(UUID userId, EventMetadata metadata) {
        return memberships.liveForUpdate(userId).filter(m -> ActiveMember.is(m.status())).flatMap(live -> {
            MembershipStatus to = live.status().pause();
            Instant now = clock.instant();
            return memberships.transition(live.id(), to, now)
                    .then(announce(live.id(), userId, live.plan(), to, "user_banned", now, metadata));
        }).then();
    }

    public Mono<Void> unbanned(UUID userId, EventMetadata metadata) {
        return memberships.liveForUpdate(userId).filter(m -> m.status() == MembershipStatus.PAUSED)
                .flatMap(live -> activate(live, "resumed", metadata)).then();
    }

    /** Expires the memberships whose failed payment is older than the grace period. */
    @Scheduled(fixedDelayString = "${membership.lapse-check-interval:PT1H}", initialDelayString = "PT1M")
    void scheduledLapse() {
        Jobs.run(expireLapsed());
    }

    /** In its own transaction (the timer calls it on this object, past a proxy): the rows stay locked to the end. */
    public Mono<Long> expireLapsed() {
        Instant now = clock.instant();
        return memberships.failedPaymentsBefore(now.minus(grace))
                // read whole before the writes on the transaction's one connection (a result still streaming holds it)
                .collectList().flatMapMany(Flux::fromIterable)
                .filter(m -> m.status().afterGrace(m.paymentFailedAt(), grace, now) == MembershipStatus.EXPIRED)
                .concatMap(m -> {
                    EventMetadata system = new EventMetadata(null, "membership-service");
                    return memberships.transition(m.id(), MembershipStatus.EXPIRED, now)
                            .then(announce(m.id(), m.userId(), m.plan(), MembershipStatus.EXPIRED, null, now, system))
                            .then(queue.leaveIfQueued(m.userId(), "membership_ended", system))
                            .thenReturn(m);
                })
                .count()
                .as(tx::transactional);
    }

    private Mono<Void> activate(Membership live, String reason, EventMetadata metadata) {
        MembershipStatus to = reason.equals("resumed") ? live.status().resume() : live.status().activate();
        if (to == live.status()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return memberships.transition(live.id(), to, now)
                .then(announce(live.id(), live.userId(), live.plan(), to, reason, now, metadata));
    }

    /**
     * Announces that a membership entered {@code status}, as every change into it does, native or imported (a
     * pending membership is not announced; an expiry has no {@code reason}).
     */
    public Mono<Void> announce(UUID id, UUID userId, String plan, MembershipStatus status, String reason, Instant at,
                               EventMetadata metadata) {
        DomainEvent event = switch (status) {
            case PENDING -> null;
            case ACTIVE -> new MembershipActivated(id, userId, plan, reason, at);
            case PAUSED -> new MembershipPaused(id, userId, reason, at);
            case CANCELLED -> new MembershipCancelled(id, userId, reason, at);
            case EXPIRED -> new MembershipExpired(id, userId, at);
        };
        return event == null ? Mono.empty() : outbox.append(event, metadata).then();
    }
}
