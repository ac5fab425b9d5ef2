package app.platform.billing.legacy.adapter.out.persistence;

import app.platform.billing.legacy.application.LegacyBillingImport;
import app.platform.billing.legacy.application.LegacyBillingStore;
import app.platform.billing.provider.domain.Card;
import app.platform.runtime.Times;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** What only the legacy import writes; everything else goes through the features' own stores. */
@Repository
class R2dbcLegacyBillingStore implements LegacyBillingStore {

    private static final Map<String, String> TABLES = Map.of(LegacyBillingImport.SUBSCRIPTIONS, "user_subscriptions",
            LegacyBillingImport.PAYMENTS, "user_payments");
    private final DatabaseClient db;

    R2dbcLegacyBillingStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> backdateSubscription(UUID id, Instant createdAt) {
        return db.sql("UPDATE user_subscriptions SET created_at = :created WHERE id = :id")
                .bind("id", id).bind("created", Times.utc(createdAt)).then();
    }

    @Override
    public Mono<UUID> cardOwner(UUID id) {
        return db.sql("SELECT user_id FROM user_payment_methods WHERE id = :id")
                .bind("id", id).map((r, m) -> r.get(0, UUID.class)).one();
    }

    @Override
    public Mono<Void> changeCard(UUID id, String token, Card card) {
        return db.sql("""
                        UPDATE user_payment_methods SET provider_token = :token, brand = :brand, last4 = :last4,
                            exp_month = :month, exp_year = :year
                        WHERE id = :id""")
                .bind("id", id).bind("token", token).bind("brand", card.brand()).bind("last4", card.last4())
                .bind("month", (short) card.expMonth()).bind("year", (short) card.expYear()).then();
    }

    @Override
    public Mono<Void> delete(String table, UUID id) {
        return db.sql("DELETE FROM " + TABLES.get(table) + " WHERE id = :id").bind("id", id).then();
    }
}
