package app.platform.billing.subscription.adapter.out.persistence;

import app.platform.billing.subscription.application.SubscriptionStore;
import app.platform.runtime.Times;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcSubscriptionStore implements SubscriptionStore {

    private final DatabaseClient db;

    R2dbcSubscriptionStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> insert(Subscription s) {
        return bindAll(db.sql("""
                INSERT INTO user_subscriptions (id, user_id, plan, price_minor, currency, billing_interval, status,
                    current_period_start, current_period_end, cancel_at_period_end, next_plan, payment_method_id)
                VALUES (:id, :user, :plan, :price, :currency, :interval, :status, :start, :end, :cancel, :next, :method)"""), s)
                .then();
    }

    @Override
    public Mono<Void> update(Subscription s, Instant cancelledAt) {
        var spec = bindAll(db.sql("""
                UPDATE user_subscriptions SET plan = :plan, price_minor = :price, currency = :currency,
                    billing_interval = :interval, status = :status, current_period_start = :start,
                    current_period_end = :end, cancel_at_period_end = :cancel, next_plan = :next,
                    payment_method_id = :method, cancelled_at = COALESCE(:cancelledAt, cancelled_at), updated_at = now()
                WHERE id = :id AND user_id = :user"""), s);
        return (cancelledAt == null ? spec.bindNull("cancelledAt", OffsetDateTime.class)
                : spec.bind("cancelledAt", Times.utc(cancelledAt))).then();
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Subscription s) {
        spec = spec.bind("id", s.id()).bind("user", s.userId()).bind("plan", s.plan()).bind("price", s.priceMinor())
                .bind("currency", s.currency()).bind("interval", s.interval()).bind("status", s.status().code())
                .bind("cancel", s.cancelAtPeriodEnd());
        // an imported subscription has no period (the legacy side charges it)
        spec = s.currentPeriodStart() == null ? spec.bindNull("start", OffsetDateTime.class)
                : spec.bind("start", Times.utc(s.currentPeriodStart()));
        spec = s.currentPeriodEnd() == null ? spec.bindNull("end", OffsetDateTime.class)
                : spec.bind("end", Times.utc(s.currentPeriodEnd()));
        spec = s.nextPlan() == null ? spec.bindNull("next", String.class) : spec.bind("next", s.nextPlan());
        return s.paymentMethodId() == null ? spec.bindNull("method", UUID.class) : spec.bind("method", s.paymentMethodId());
    }

    @Override
    public Mono<Subscription> find(UUID userId, UUID id) {
        return db.sql("SELECT * FROM user_subscriptions WHERE id = :id AND user_id = :user")
                .bind("id", id).bind("user", userId).map(R2dbcSubscriptionStore::subscription).one();
    }

    @Override
    public Mono<Subscription> forUpdate(UUID id) {
        return db.sql("SELECT * FROM user_subscriptions WHERE id = :id FOR UPDATE")
                .bind("id", id).map(R2dbcSubscriptionStore::subscription).one();
    }

    @Override
    public Mono<Void> lockMember(UUID userId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended('billing.subscribe:' || :user, 0))")
                .bind("user", userId.toString()).then();
    }

    @Override
    public Flux<Subscription> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_subscriptions WHERE user_id = :user ORDER BY created_at")
                .bind("user", userId).map(R2dbcSubscriptionStore::subscription).all();
    }

    @Override
    public Mono<Subscriptions.Schedule> schedule(UUID subscriptionId) {
        return schedule(subscriptionId, "");
    }

    @Override
    public Mono<Subscriptions.Schedule> scheduleForUpdate(UUID subscriptionId) {
        return schedule(subscriptionId, " FOR UPDATE");
    }

    private Mono<Subscriptions.Schedule> schedule(UUID subscriptionId, String lock) {
        return db.sql("SELECT * FROM user_billing_schedules WHERE subscription_id = :id" + lock).bind("id", subscriptionId)
                .map(r -> new Subscriptions.Schedule(r.get("subscription_id", UUID.class), Times.instant(r.get("next_charge_at", OffsetDateTime.class)),
                        r.get("attempt", Integer.class), r.get("last_failure", String.class)))
                .one();
    }

    @Override
    public Mono<Void> schedule(UUID subscriptionId, UUID userId, Instant nextChargeAt, int attempt, String lastFailure) {
        var spec = db.sql("""
                        INSERT INTO user_billing_schedules (subscription_id, user_id, next_charge_at, attempt, last_failure)
                        VALUES (:id, :user, :next, :attempt, :failure)
                        ON CONFLICT (subscription_id) DO UPDATE SET next_charge_at = EXCLUDED.next_charge_at,
                            attempt = EXCLUDED.attempt, last_failure = EXCLUDED.last_failure, updated_at = now()""")
                .bind("id", subscriptionId).bind("user", userId).bind("attempt", attempt);
        spec = nextChargeAt == null ? spec.bindNull("next", OffsetDateTime.class) : spec.bind("next", Times.utc(nextChargeAt));
        return (lastFailure == null ? spec.bindNull("failure", String.class) : spec.bind("failure", lastFailure)).then();
    }

    @Override
    public Mono<Void> unschedule(UUID subscriptionId) {
        return db.sql("DELETE FROM user_billing_schedules WHERE subscription_id = :id").bind("id", subscriptionId).then();
    }

    @Override
    public Mono<UUID> lockNextDue(Instant now) {
        // the schedule and its subscription locked at once, skipped if either is held: a pay-now, a cancel or a
        // webhook holds the subscription and then writes the schedule, so the scheduler never waits holding one
        return db.sql("""
                        SELECT b.subscription_id FROM user_billing_schedules b
                        JOIN user_subscriptions s ON s.id = b.subscription_id
                        WHERE b.next_charge_at <= :now
                        ORDER BY b.next_charge_at LIMIT 1 FOR UPDATE OF b, s SKIP LOCKED""")
                .bind("now", Times.utc(now)).map(r -> r.get("subscription_id", UUID.class)).one();
    }

    static Subscription subscription(Readable r) {
        return new Subscription(r.get("id", UUID.class), r.get("user_id", UUID.class), r.get("plan", String.class),
                r.get("price_minor", Long.class), r.get("currency", String.class), r.get("billing_interval", String.class),
                SubscriptionStatus.of(r.get("status", String.class)), Times.instant(r.get("current_period_start", OffsetDateTime.class)),
                Times.instant(r.get("current_period_end", OffsetDateTime.class)), Boolean.TRUE.equals(r.get("cancel_at_period_end", Boolean.class)),
                r.get("next_plan", String.class), r.get("payment_method_id", UUID.class));
    }
}
