package app.platform.billing.legacy.adapter.out.persistence;

import app.platform.billing.legacy.application.LegacyBillingImport;
import app.platform.billing.legacy.application.LegacyBillingImport.LegacyBillingStore;
import app.platform.billing.subscription.domain.Plan;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class R2dbcLegacyBillingStore implements LegacyBillingStore {

    private static final Map<String, String> TABLES = Map.of(LegacyBillingImport.SUBSCRIPTIONS, "user_subscriptions",
            LegacyBillingImport.PAYMENTS, "user_payments", LegacyBillingImport.METHODS, "user_payment_methods");
    private final DatabaseClient db;

    R2dbcLegacyBillingStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> upsertSubscription(UUID id, UUID user, String plan, Plan price, String status, Instant createdAt) {
        return db.sql("""
                        INSERT INTO user_subscriptions (id, user_id, plan, price_minor, currency, billing_interval, status, created_at)
                        VALUES (:id, :user, :plan, :price, :currency, :interval, :status, :created)
                        ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, price_minor = excluded.price_minor,
                            currency = excluded.currency, billing_interval = excluded.billing_interval,
                            status = excluded.status, updated_at = now()""")
                .bind("id", id).bind("user", user).bind("plan", plan).bind("price", price.priceMinor())
                .bind("currency", price.currency()).bind("interval", price.interval()).bind("status", status)
                .bind("created", at(createdAt)).then();
    }

    @Override
    public Mono<Void> upsertPayment(UUID id, UUID user, long amountMinor, String currency, String status, Instant createdAt) {
        return db.sql("""
                        INSERT INTO user_payments (id, user_id, amount_minor, currency, status, created_at)
                        VALUES (:id, :user, :amount, :currency, :status, :created)
                        ON CONFLICT (id) DO UPDATE SET amount_minor = excluded.amount_minor, currency = excluded.currency,
                            status = excluded.status, updated_at = now()""")
                .bind("id", id).bind("user", user).bind("amount", amountMinor).bind("currency", currency)
                .bind("status", status).bind("created", at(createdAt)).then();
    }

    @Override
    public Mono<Void> upsertMethod(UUID id, UUID user, String token, String brand, String last4, int expMonth, int expYear) {
        return db.sql("""
                        INSERT INTO user_payment_methods (id, user_id, provider_token, brand, last4, exp_month, exp_year)
                        VALUES (:id, :user, :token, :brand, :last4, :month, :year)
                        ON CONFLICT (id) DO UPDATE SET provider_token = excluded.provider_token, brand = excluded.brand,
                            last4 = excluded.last4, exp_month = excluded.exp_month, exp_year = excluded.exp_year""")
                .bind("id", id).bind("user", user).bind("token", token).bind("brand", brand).bind("last4", last4)
                .bind("month", (short) expMonth).bind("year", (short) expYear).then();
    }

    @Override
    public Mono<Void> delete(String table, UUID id) {
        return db.sql("DELETE FROM " + TABLES.get(table) + " WHERE id = :id").bind("id", id).then();
    }

    private static OffsetDateTime at(Instant at) {
        return OffsetDateTime.ofInstant(at == null ? Instant.now() : at, ZoneOffset.UTC);
    }
}
