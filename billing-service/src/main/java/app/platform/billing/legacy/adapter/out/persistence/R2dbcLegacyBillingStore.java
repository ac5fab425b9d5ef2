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
            LegacyBillingImport.PAYMENTS, "user_payments", LegacyBillingImport.METHODS, "user_payment_methods");

    /**
     * What billing holds of each legacy table, in its columns ({@code LegacyTarget}'s query): every subscription,
     * payment and card, imported or made here (the reverse stream writes them all), under its id and its member's
     * legacy app user ({@link LegacyAppUser}), as the stream writes it. Kept as they are: ids, plan, times, last 4;
     * status, currency and brand as billing stores them and the amount in minor units, which the importer's
     * expectation makes of the legacy values by the same rules (the stream writes the statuses' codes and the amount
     * in major units by {@code Money}, which read back alike). A card's token and expiry only for a card of legacy
     * origin (the ledger has its row), whose legacy row carries them: the stream writes neither, so a card made here
     * has none there.
     */
    private static final Map<String, String> HELD = Map.of(
            LegacyBillingImport.SUBSCRIPTIONS, """
                    SELECT CAST(s.id AS text) AS legacy_id, s.id AS id, %s AS user_id, s.plan AS plan,
                           s.status AS status, s.created_at AS created_at
                    FROM user_subscriptions s
                    %s""".formatted(LegacyAppUser.of("s.user_id"), LegacyAppUser.join("s.user_id")),
            LegacyBillingImport.PAYMENTS, """
                    SELECT CAST(p.id AS text) AS legacy_id, p.id AS id, %s AS user_id, p.amount_minor AS amount,
                           p.currency AS currency, p.status AS status, p.created_at AS created_at
                    FROM user_payments p
                    %s""".formatted(LegacyAppUser.of("p.user_id"), LegacyAppUser.join("p.user_id")),
            LegacyBillingImport.METHODS, """
                    SELECT CAST(m.id AS text) AS legacy_id, m.id AS id, %s AS user_id,
                           CASE WHEN lr.legacy_id IS NOT NULL THEN m.provider_token END AS provider_token,
                           m.brand AS brand, m.last4 AS last4,
                           CASE WHEN lr.legacy_id IS NOT NULL THEN m.exp_month END AS exp_month,
                           CASE WHEN lr.legacy_id IS NOT NULL THEN m.exp_year END AS exp_year, m.created_at AS created_at
                    FROM user_payment_methods m
                    LEFT JOIN legacy_row lr ON lr.source_table = '%s' AND lr.legacy_id = CAST(m.id AS text)
                    %s""".formatted(LegacyAppUser.of("m.user_id"), LegacyBillingImport.METHODS,
                    LegacyAppUser.join("m.user_id")));

    private final DatabaseClient db;

    R2dbcLegacyBillingStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> backdate(String table, UUID id, Instant createdAt) {
        return db.sql("UPDATE " + TABLES.get(table) + " SET created_at = :created WHERE id = :id")
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
        if (table.equals(LegacyBillingImport.METHODS)) {
            throw new IllegalArgumentException("a card is removed by PaymentMethods");
        }
        return db.sql("DELETE FROM " + TABLES.get(table) + " WHERE id = :id").bind("id", id).then();
    }

    @Override
    public String held(String table) {
        String query = HELD.get(table);
        if (query == null) {
            throw new IllegalArgumentException("billing imports no legacy table " + table);
        }
        return query;
    }
}
