package app.platform.billing.legacy.adapter.out.legacydb;

import static app.platform.billing.legacy.application.LegacyBillingImport.METHODS;
import static app.platform.billing.legacy.application.LegacyBillingImport.PAYMENTS;
import static app.platform.billing.legacy.application.LegacyBillingImport.SUBSCRIPTIONS;

import app.platform.billing.legacy.adapter.out.persistence.LegacyAppUser;
import app.platform.billing.legacy.application.LegacyBilling;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.legacy.ReactiveLegacyLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Writes billing's subscriptions, payments and cards into the legacy app's {@code user_subscriptions},
 * {@code user_payments} and {@code user_payment_methods} (the reverse of {@code LegacyBillingImport}): ids kept, the
 * member turned back into their legacy app user ({@link LegacyAppUser}: the ledger's, else their own id, a member made
 * here; the rule the failback's check reads billing's rows by), statuses by the domain's legacy values, amounts in
 * major units by {@link Money}. A card is written as the legacy table holds one, brand and last 4: the provider's token
 * never leaves billing. Rows the member no longer has here are removed there, but only those billing imported (its
 * ledger) or carried back (an event of theirs applied): a legacy row billing never knew (one its import refused) stays.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class JdbcLegacyBilling implements LegacyBilling {

    private static final String SERVICE = "billing-service";
    private static final Duration READ = Duration.ofSeconds(30);

    private final DatabaseClient billing;
    private final ReactiveLegacyLedger ledger;
    private final LegacyWriter writer;

    JdbcLegacyBilling(DatabaseClient billing, ReactiveLegacyLedger ledger, LegacyWriter writer) {
        this.billing = billing;
        this.ledger = ledger;
        this.writer = writer;
    }

    @Override
    public void writeUser(EventEnvelope event, UUID userId) {
        writer.carry(event, SERVICE, userId.toString(), legacy -> {
            UUID legacyUser = billing.sql(LegacyAppUser.OF_MEMBER).bind("id", userId)
                    .map((r, m) -> r.get(0, UUID.class)).one().block(READ);
            List<Map<String, Object>> subscriptions = all("SELECT id, plan, status, created_at FROM user_subscriptions "
                    + "WHERE user_id = :id", userId);
            List<Map<String, Object>> payments = all("SELECT id, amount_minor, CAST(currency AS text) AS currency, status, "
                    + "created_at FROM user_payments WHERE user_id = :id", userId);
            List<Map<String, Object>> methods = all("SELECT id, brand, CAST(last4 AS text) AS last4, created_at "
                    + "FROM user_payment_methods WHERE user_id = :id", userId);
            Map<String, List<String>> imported = Map.of(SUBSCRIPTIONS, imported(SUBSCRIPTIONS, legacyUser),
                    PAYMENTS, imported(PAYMENTS, legacyUser), METHODS, imported(METHODS, legacyUser));
            for (Map<String, Object> subscription : subscriptions) {
                legacy.sql("""
                                INSERT INTO public.user_subscriptions (id, user_id, plan, status, created_at)
                                VALUES (:id, :user, :plan, :status, :created)
                                ON CONFLICT (id) DO UPDATE SET plan = EXCLUDED.plan, status = EXCLUDED.status""")
                        .param("id", subscription.get("id")).param("user", legacyUser)
                        .param("plan", subscription.get("plan"))
                        .param("status", SubscriptionStatus.of((String) subscription.get("status")).legacyValue())
                        .param("created", subscription.get("created_at")).update();
            }
            for (Map<String, Object> payment : payments) {
                String currency = (String) payment.get("currency");
                legacy.sql("""
                                INSERT INTO public.user_payments (id, user_id, amount, currency, status, created_at)
                                VALUES (:id, :user, :amount, :currency, :status, :created)
                                ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                                    status = EXCLUDED.status""")
                        .param("id", payment.get("id")).param("user", legacyUser)
                        .param("amount", Money.decimal(((Number) payment.get("amount_minor")).longValue(), currency))
                        .param("currency", currency)
                        .param("status", PaymentStatus.of((String) payment.get("status")).legacyValue())
                        .param("created", payment.get("created_at")).update();
            }
            for (Map<String, Object> method : methods) {
                legacy.sql("""
                                INSERT INTO public.user_payment_methods (id, user_id, brand, last4, created_at)
                                VALUES (:id, :user, :brand, :last4, :created)
                                ON CONFLICT (id) DO UPDATE SET brand = EXCLUDED.brand, last4 = EXCLUDED.last4""")
                        .param("id", method.get("id")).param("user", legacyUser).param("brand", method.get("brand"))
                        .param("last4", method.get("last4")).param("created", method.get("created_at")).update();
            }
            LegacyWriter.removeGone(legacy, SUBSCRIPTIONS, legacyUser, ids(subscriptions), imported.get(SUBSCRIPTIONS));
            LegacyWriter.removeGone(legacy, PAYMENTS, legacyUser, ids(payments), imported.get(PAYMENTS));
            LegacyWriter.removeGone(legacy, METHODS, legacyUser, ids(methods), imported.get(METHODS));
        });
    }

    @Override
    public void notCarried(EventEnvelope event, String why) {
        writer.notCarried(event, SERVICE, why);
    }

    private List<String> imported(String table, UUID legacyUser) {
        return ledger.importedFor(table, legacyUser).block(READ);
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("id")).toList();
    }

    private List<Map<String, Object>> all(String sql, UUID id) {
        return billing.sql(sql).bind("id", id).fetch().all().collectList().block(READ);
    }
}
