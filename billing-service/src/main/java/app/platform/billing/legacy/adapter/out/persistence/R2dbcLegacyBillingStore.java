package app.platform.billing.legacy.adapter.out.persistence;

import app.platform.billing.legacy.application.LegacyBillingImport;
import app.platform.billing.legacy.application.LegacyBillingStore;
import app.platform.billing.provider.domain.Card;
import app.platform.legacy.ReactiveLegacyLedger;
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
     * Each legacy app user's id by the identity user id it names ({@code auth_user_id}), from the ledger's own copy of
     * {@code public.users}: billing keeps no legacy user id, so a member is turned back into their legacy app user
     * through what the import resolved them by ({@link ReactiveLegacyLedger#forUser}); should two legacy users name
     * the same identity user, a live one comes before a deleted one.
     */
    private static final String LEGACY_USERS = """
            (SELECT DISTINCT ON (lower(lu.row->>'auth_user_id')) lower(lu.row->>'auth_user_id') AS auth_user_id, lu.legacy_id
             FROM legacy_row lu WHERE lu.source_table = '%s' AND lu.applied
             ORDER BY lower(lu.row->>'auth_user_id'), lu.deleted, lu.legacy_id)""".formatted(ReactiveLegacyLedger.USERS);

    /**
     * What billing holds of each legacy table, in its columns ({@code LegacyTarget}'s query): every subscription,
     * payment and card (a native one never matches a legacy id). Kept as they are: ids, plan, times, last 4 and token;
     * the member turned back into the legacy app user; status, currency, brand and expiry as billing stores them and
     * the amount in minor units, which the importer's expectation makes of the legacy values by the same rules.
     */
    private static final Map<String, String> HELD = Map.of(
            LegacyBillingImport.SUBSCRIPTIONS, """
                    SELECT CAST(s.id AS text) AS legacy_id, s.id AS id, u.legacy_id AS user_id, s.plan AS plan,
                           s.status AS status, s.created_at AS created_at
                    FROM user_subscriptions s
                    LEFT JOIN %s u ON u.auth_user_id = CAST(s.user_id AS text)""".formatted(LEGACY_USERS),
            LegacyBillingImport.PAYMENTS, """
                    SELECT CAST(p.id AS text) AS legacy_id, p.id AS id, u.legacy_id AS user_id, p.amount_minor AS amount,
                           p.currency AS currency, p.status AS status, p.created_at AS created_at
                    FROM user_payments p
                    LEFT JOIN %s u ON u.auth_user_id = CAST(p.user_id AS text)""".formatted(LEGACY_USERS),
            LegacyBillingImport.METHODS, """
                    SELECT CAST(m.id AS text) AS legacy_id, m.id AS id, u.legacy_id AS user_id,
                           m.provider_token AS provider_token, m.brand AS brand, m.last4 AS last4,
                           m.exp_month AS exp_month, m.exp_year AS exp_year, m.created_at AS created_at
                    FROM user_payment_methods m
                    LEFT JOIN %s u ON u.auth_user_id = CAST(m.user_id AS text)""".formatted(LEGACY_USERS));

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
