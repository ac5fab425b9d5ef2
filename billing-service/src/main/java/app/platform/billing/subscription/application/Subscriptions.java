package app.platform.billing.subscription.application;

import app.platform.billing.agreement.application.Agreements;
import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.method.domain.PaymentMethod;
import app.platform.billing.payment.application.PaymentLedger;
import app.platform.billing.payment.domain.ChargeDeclined;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.provider.application.PaymentProvider;
import app.platform.billing.provider.domain.Charge;
import app.platform.billing.subscription.domain.Plan;
import app.platform.billing.subscription.domain.RetryPolicy;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import app.platform.errors.Conflict;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.billing.SubscriptionCancelled;
import app.platform.events.billing.SubscriptionRenewed;
import app.platform.events.billing.SubscriptionStarted;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Subscriptions and their schedule. A member who accepted the current terms subscribes with a card: a plan with a
 * trial starts {@code trialing} and is first charged when the trial ends; otherwise the first period is charged at
 * once (declined: 402, nothing created). The scheduler charges each due subscription exactly once per period and
 * attempt, even with several instances ({@code FOR UPDATE SKIP LOCKED} on the schedule, and a unique index on
 * period and attempt); a failed charge is retried after 1, 3 and 5 days, then the subscription is past due.
 * A plan change takes effect at the next period, without proration; cancelling is now or at the period's end.
 */
@Service
public class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final EventMetadata SCHEDULER = new EventMetadata(null, "service:billing-scheduler");

    public record Schedule(UUID subscriptionId, Instant nextChargeAt, int attempt, String lastFailure) {
    }

    private final SubscriptionStore store;
    private final PlanCatalog plans;
    private final PaymentMethods methods;
    private final Agreements agreements;
    private final PaymentProvider provider;
    private final PaymentLedger ledger;
    private final ReactiveOutbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public Subscriptions(SubscriptionStore store, PlanCatalog plans, PaymentMethods methods, Agreements agreements,
                         PaymentProvider provider, PaymentLedger ledger, ReactiveOutbox outbox, TransactionalOperator tx,
                         Clock clock) {
        this.store = store;
        this.plans = plans;
        this.methods = methods;
        this.agreements = agreements;
        this.provider = provider;
        this.ledger = ledger;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    public Flux<Subscription> mine(UUID userId) {
        return store.ofUser(userId);
    }

    public Mono<Subscription> owned(UUID userId, UUID id) {
        return store.find(userId, id).switchIfEmpty(Mono.error(() -> new NotFound("subscription")));
    }

    public Mono<Schedule> scheduleOf(UUID subscriptionId) {
        return store.schedule(subscriptionId);
    }

    /**
     * Subscribes the member, in one transaction under the member's lock from the check for a live subscription to the
     * new one's insert: two requests at once (a double click) charge once, the second answered 409. A declined first
     * charge is recorded, and answered 402.
     */
    public Mono<Subscription> subscribe(UUID userId, String planName, UUID methodId, EventMetadata metadata) {
        return Mono.fromCallable(() -> plans.get(planName)).flatMap(plan -> agreements.acceptedCurrent(userId)
                .flatMap(accepted -> accepted ? methods.paying(userId, methodId)
                        : Mono.error(new Conflict("accept the current terms (GET /api/billing/terms) before subscribing")))
                .flatMap(method -> store.lockMember(userId).then(store.ofUser(userId).any(s -> s.status().live()))
                        .flatMap(live -> live
                                ? Mono.<Started>error(new Conflict("you already have a live subscription; change its plan instead"))
                                : start(userId, planName, plan, method, metadata)))
                .as(tx::transactional))
                .flatMap(started -> started.declined() == null ? Mono.just(started.subscription())
                        : Mono.error(new ChargeDeclined(started.declined())));
    }

    /** What a subscribe made: the subscription, or the failure code of the declined first charge (recorded). */
    private record Started(Subscription subscription, String declined) {
    }

    private Mono<Started> start(UUID userId, String planName, Plan plan, PaymentMethod method, EventMetadata metadata) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        if (plan.trialDays() > 0) {
            Instant trialEnd = now.plus(Duration.ofDays(plan.trialDays()));
            Subscription s = new Subscription(id, userId, planName, plan.priceMinor(), plan.currency(), plan.interval(),
                    SubscriptionStatus.TRIALING, now, trialEnd, false, null, method.id());
            return created(s, metadata).map(c -> new Started(c, null));
        }
        Instant end = Plan.periodEnd(now, plan.interval());
        Money price = new Money(plan.priceMinor(), plan.currency());
        return provider.charge(method.providerToken(), price, "subscribe:" + id).flatMap(charge -> {
            if (charge.outcome() == Charge.Outcome.SUCCEEDED) {
                Subscription s = new Subscription(id, userId, planName, plan.priceMinor(), plan.currency(), plan.interval(),
                        SubscriptionStatus.ACTIVE, now, end, false, null, method.id());
                return created(s, metadata)
                        .flatMap(c -> ledger.record(payment(s, method, now, 0, PaymentStatus.SUCCEEDED, charge), metadata)
                                .thenReturn(new Started(c, null)));
            }
            Payment failed = new Payment(UUID.randomUUID(), userId, null, method.id(), null, 0, plan.priceMinor(),
                    plan.currency(), PaymentStatus.FAILED, 0, charge.providerRef(), charge.failureCode(), now);
            return ledger.record(failed, metadata).thenReturn(new Started(null, charge.failureCode()));
        });
    }

    private Mono<Subscription> created(Subscription s, EventMetadata metadata) {
        return store.insert(s)
                .onErrorMap(DataIntegrityViolationException.class, e -> new Conflict("you already have a live subscription"))
                .then(store.schedule(s.id(), s.userId(), s.currentPeriodEnd(), 0, null))
                .then(outbox.append(new SubscriptionStarted(s.id(), s.userId(), s.plan(), s.currentPeriodStart()), metadata))
                .thenReturn(s);
    }

    /**
     * The legacy import's upsert, in the caller's transaction. A new subscription is created as {@link #subscribe}
     * creates one, its plan and price the catalog's, but with no schedule (the legacy side charges until the cutover
     * is finalized) and announced to no one (billing's events drive memberships, whose state comes from their own
     * legacy table); a known one takes the plan, price and status, and one that is no longer live ends as
     * {@link #cancel} ends one. False, and nothing written, when it would be a second live subscription of its member,
     * make a cancelled one live again, or when the id is another member's subscription.
     */
    public Mono<Boolean> put(Subscription s) {
        Instant now = clock.instant();
        return store.forUpdate(s.id()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .zipWith(store.ofUser(s.userId()).any(other -> other.status().live() && !other.id().equals(s.id())))
                .flatMap(t -> {
                    var known = t.getT1();
                    boolean anotherLive = t.getT2();
                    if (known.isPresent() && !known.get().userId().equals(s.userId())) {
                        return Mono.just(false);
                    }
                    if (s.status().live() && (anotherLive || known.isPresent() && !known.get().status().live())) {
                        return Mono.just(false);
                    }
                    if (known.isEmpty()) {
                        return store.insert(s).then(s.status().live() ? Mono.<Void>empty() : store.update(s, now))
                                .thenReturn(true);
                    }
                    Subscription was = known.get();
                    Subscription changed = new Subscription(was.id(), was.userId(), s.plan(), s.priceMinor(), s.currency(),
                            s.interval(), s.status(), was.currentPeriodStart(), was.currentPeriodEnd(),
                            was.cancelAtPeriodEnd(), was.nextPlan(), was.paymentMethodId());
                    boolean ends = was.status().live() && !s.status().live();
                    return store.update(changed, ends ? now : null)
                            .then(ends ? store.unschedule(s.id()) : Mono.<Void>empty())
                            .thenReturn(true);
                });
    }

    /**
     * Cancels now, or at the end of the paid period (then the scheduler ends it instead of charging). A subscription
     * with no paid period left to run (past due, or its period over while a failed renewal is retried) ends now either
     * way: nothing would come to end it.
     */
    public Mono<Subscription> cancel(UUID userId, UUID id, boolean atPeriodEnd, EventMetadata metadata) {
        return owned(userId, id).then(store.forUpdate(id)).flatMap(s -> {
            if (!s.status().live()) {
                return Mono.just(s);
            }
            if (atPeriodEnd && s.status() != SubscriptionStatus.PAST_DUE && s.currentPeriodEnd().isAfter(clock.instant())) {
                return update(withCancelFlag(s)).thenReturn(withCancelFlag(s));
            }
            return end(s, metadata);
        }).as(tx::transactional);
    }

    /** A deleted account is charged no more. */
    public Mono<Void> cancelAll(UUID userId, EventMetadata metadata) {
        return store.ofUser(userId).filter(s -> s.status().live())
                .concatMap(s -> store.forUpdate(s.id()).flatMap(locked -> end(locked, metadata)))
                .then();
    }

    /** The next period is charged at the new plan's price; nothing changes before (no proration). */
    public Mono<Subscription> changePlan(UUID userId, UUID id, String planName) {
        return Mono.fromCallable(() -> plans.get(planName))
                .then(owned(userId, id)).then(store.forUpdate(id)).flatMap(s -> {
                    if (!s.status().live()) {
                        return Mono.error(new Conflict("the subscription was cancelled"));
                    }
                    Subscription changed = new Subscription(s.id(), s.userId(), s.plan(), s.priceMinor(), s.currency(),
                            s.interval(), s.status(), s.currentPeriodStart(), s.currentPeriodEnd(), s.cancelAtPeriodEnd(),
                            planName.equals(s.plan()) ? null : planName, s.paymentMethodId());
                    return update(changed).thenReturn(changed);
                }).as(tx::transactional);
    }

    /**
     * The card that pays the subscription from its next charge on (a retry of a failed renewal included): one of the
     * member's own (404 otherwise). A card that pays a live subscription cannot be removed until another one does.
     */
    public Mono<Subscription> changePaymentMethod(UUID userId, UUID id, UUID methodId) {
        return owned(userId, id).then(methods.owned(userId, methodId)).flatMap(method -> store.forUpdate(id).flatMap(s -> {
            if (!s.status().live()) {
                return Mono.error(new Conflict("the subscription was cancelled"));
            }
            Subscription changed = new Subscription(s.id(), s.userId(), s.plan(), s.priceMinor(), s.currency(),
                    s.interval(), s.status(), s.currentPeriodStart(), s.currentPeriodEnd(), s.cancelAtPeriodEnd(),
                    s.nextPlan(), method.id());
            return update(changed).thenReturn(changed);
        })).as(tx::transactional);
    }

    @Scheduled(fixedDelayString = "${billing.scheduler.interval:PT1M}", initialDelayString = "${billing.scheduler.first-run:PT1M}")
    void scheduled() {
        try {
            Long charged = chargeDue().block(Duration.ofMinutes(10));
            if (charged != null && charged > 0) {
                log.info("billing scheduler: {} due subscription(s) handled", charged);
            }
        } catch (RuntimeException e) {
            log.warn("billing scheduler run failed: {}", e.toString());
        }
    }

    /** Handles every due subscription, one transaction each; the number handled by this instance. */
    public Mono<Long> chargeDue() {
        return Mono.defer(() -> chargeNextDue().as(tx::transactional).defaultIfEmpty(false))
                .repeat()
                .takeWhile(handled -> handled)
                .count();
    }

    private Mono<Boolean> chargeNextDue() {
        Instant now = clock.instant();
        return store.lockNextDue(now)
                .flatMap(id -> Mono.zip(store.forUpdate(id), store.schedule(id))
                        .flatMap(t -> renew(t.getT1(), t.getT2(), now))
                        .thenReturn(true));
    }

    private Mono<Void> renew(Subscription s, Schedule schedule, Instant now) {
        if (!s.status().live() || s.cancelAtPeriodEnd()) {
            return end(s, SCHEDULER).then();
        }
        String planName = nextPlanName(s);
        Plan plan = nextPlan(s);
        Instant periodStart = s.currentPeriodEnd();
        int attempt = schedule.attempt();
        return agreements.acceptedCurrent(s.userId())
                .flatMap(accepted -> !accepted ? Mono.just(Charge.failed(null, "agreement_required"))
                        : methods.paying(s.userId(), s.paymentMethodId())
                        .flatMap(m -> provider.charge(m.providerToken(), new Money(plan.priceMinor(), plan.currency()),
                                "renew:" + s.id() + ":" + periodStart.getEpochSecond() + ":" + attempt))
                        .onErrorResume(Conflict.class, e -> Mono.just(Charge.failed(null, "no_payment_method"))))
                .flatMap(charge -> {
                    PaymentStatus status = charge.outcome() == Charge.Outcome.SUCCEEDED ? PaymentStatus.SUCCEEDED
                            : PaymentStatus.FAILED;
                    Payment p = new Payment(UUID.randomUUID(), s.userId(), s.id(), s.paymentMethodId(), periodStart,
                            attempt, plan.priceMinor(), plan.currency(), status, 0, charge.providerRef(),
                            charge.failureCode(), now);
                    return ledger.record(p, SCHEDULER).flatMap(recorded -> !recorded ? Mono.<Void>empty()
                            : status == PaymentStatus.SUCCEEDED
                            ? paidFrom(s, planName, plan, periodStart, SCHEDULER)
                            : failed(s, attempt + 1, charge.failureCode(), now));
                });
    }

    /**
     * A period paid (by the scheduler, by the member paying now, or confirmed by the provider's webhook): the
     * subscription is active for the period from {@code periodStart}, and the next charge is at its end.
     */
    public Mono<Void> paid(UUID subscriptionId, EventMetadata metadata) {
        return store.forUpdate(subscriptionId).filter(s -> s.status().live()).flatMap(s -> {
            Instant start = s.status() == SubscriptionStatus.PAST_DUE ? clock.instant() : s.currentPeriodEnd();
            return paidFrom(s, nextPlanName(s), nextPlan(s), start, metadata);
        });
    }

    /**
     * The member's subscription (and its schedule) locked until the caller's transaction ends, with what paying now
     * would pay: the next
     * period's price (the plan the member changed to, if any, as {@link #paid} starts it), or empty when nothing is
     * due (neither past due nor a failed renewal being retried).
     */
    public Mono<Due> dueForUpdate(UUID userId, UUID id) {
        // the subscription's row, then the schedule's, as a cancel or a webhook takes them (the scheduler takes both
        // at once); each read once its lock is held
        return owned(userId, id).then(store.forUpdate(id)).filterWhen(this::owing).map(s -> {
            Plan next = nextPlan(s);
            return new Due(s, new Money(next.priceMinor(), next.currency()));
        });
    }

    /**
     * Whether the subscription, locked until the caller's transaction ends, still owes a period: past due, or live
     * with a failed renewal being retried. A provider's late success of a failed renewal pays it only then; else the
     * period was paid since, or the subscription ended, and the money is given back.
     */
    public Mono<Boolean> stillOwing(UUID id) {
        return store.forUpdate(id).flatMap(this::owing).defaultIfEmpty(false);
    }

    /** Past due, or live with a failed renewal being retried; its schedule's row read once its lock is held. */
    private Mono<Boolean> owing(Subscription s) {
        return store.scheduleForUpdate(s.id()).map(Schedule::attempt).defaultIfEmpty(0)
                .map(attempt -> s.status() == SubscriptionStatus.PAST_DUE || s.status().live() && attempt > 0);
    }

    /** A subscription with something due, and the amount. */
    public record Due(Subscription subscription, Money amount) {
    }

    /** The plan of the next period: the one the member changed to, if it is still on offer. */
    private String nextPlanName(Subscription s) {
        return s.nextPlan() != null && plans.plans().containsKey(s.nextPlan()) ? s.nextPlan() : s.plan();
    }

    private Plan nextPlan(Subscription s) {
        return nextPlanName(s).equals(s.nextPlan()) ? plans.get(s.nextPlan())
                : new Plan(s.priceMinor(), s.currency(), s.interval(), 0);
    }

    private Mono<Void> paidFrom(Subscription s, String planName, Plan plan, Instant start, EventMetadata metadata) {
        Instant end = Plan.periodEnd(start, plan.interval());
        // a cancel at the period's end the member asked for stays: paying what was due does not undo it
        Subscription renewed = new Subscription(s.id(), s.userId(), planName, plan.priceMinor(), plan.currency(),
                plan.interval(), SubscriptionStatus.ACTIVE, start, end, s.cancelAtPeriodEnd(), null, s.paymentMethodId());
        return update(renewed)
                .then(store.schedule(s.id(), s.userId(), end, 0, null))
                .then(outbox.append(new SubscriptionRenewed(s.id(), s.userId(), planName, start, end), metadata))
                .then();
    }

    private Mono<Void> failed(Subscription s, int failures, String code, Instant now) {
        return RetryPolicy.nextAttempt(failures, now)
                .map(next -> store.schedule(s.id(), s.userId(), next, failures, code))
                .orElseGet(() -> update(withStatus(s, SubscriptionStatus.PAST_DUE))
                        .then(store.schedule(s.id(), s.userId(), null, failures, code)));
    }

    private Mono<Subscription> end(Subscription s, EventMetadata metadata) {
        Instant now = clock.instant();
        Subscription cancelled = withStatus(s, SubscriptionStatus.CANCELLED);
        return store.update(cancelled, now)
                .then(store.unschedule(s.id()))
                .then(outbox.append(new SubscriptionCancelled(s.id(), s.userId(), now), metadata))
                .thenReturn(cancelled);
    }

    private Mono<Void> update(Subscription s) {
        return store.update(s, null);
    }

    private static Subscription withStatus(Subscription s, SubscriptionStatus status) {
        return new Subscription(s.id(), s.userId(), s.plan(), s.priceMinor(), s.currency(), s.interval(), status,
                s.currentPeriodStart(), s.currentPeriodEnd(), s.cancelAtPeriodEnd(), s.nextPlan(), s.paymentMethodId());
    }

    private static Subscription withCancelFlag(Subscription s) {
        return new Subscription(s.id(), s.userId(), s.plan(), s.priceMinor(), s.currency(), s.interval(), s.status(),
                s.currentPeriodStart(), s.currentPeriodEnd(), true, s.nextPlan(), s.paymentMethodId());
    }

    private static Payment payment(Subscription s, PaymentMethod m, Instant periodStart, int attempt, PaymentStatus status,
                                   Charge charge) {
        return new Payment(UUID.randomUUID(), s.userId(), s.id(), m.id(), periodStart, attempt, s.priceMinor(),
                s.currency(), status, 0, charge.providerRef(), charge.failureCode(), periodStart);
    }
}
