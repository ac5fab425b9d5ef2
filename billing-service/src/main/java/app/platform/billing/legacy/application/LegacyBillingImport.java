package app.platform.billing.legacy.application;

import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.domain.Plan;
import app.platform.errors.InvalidInput;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code user_subscriptions}, {@code user_payments} and
 * {@code user_payment_methods} (empty in production, handled all the same): rows keyed by their legacy ids, users
 * by their identity user id. A subscription takes its plan's price from the catalog and gets no billing schedule (the
 * legacy side charges until the cutover is finalized); payments are converted to minor units of their currency; a
 * payment method is imported only with a provider token and an expiry (a card number never is). Nothing is
 * announced: billing's events drive memberships, whose state comes from their own legacy table.
 */
@Service
public class LegacyBillingImport {

    public static final String SUBSCRIPTIONS = "public.user_subscriptions";
    public static final String PAYMENTS = "public.user_payments";
    public static final String METHODS = "public.user_payment_methods";

    public interface LegacyBillingStore {
        Mono<Void> upsertSubscription(UUID id, UUID user, String plan, Plan price, String status, Instant createdAt);

        Mono<Void> upsertPayment(UUID id, UUID user, long amountMinor, String currency, String status, Instant createdAt);

        Mono<Void> upsertMethod(UUID id, UUID user, String token, String brand, String last4, int expMonth, int expYear);

        Mono<Void> delete(String table, UUID id);
    }

    private final ReactiveLegacyLedger ledger;
    private final LegacyBillingStore store;
    private final PlanCatalog plans;
    private final java.util.function.Function<LegacyChange, Mono<Outcome>> apply;

    public LegacyBillingImport(ReactiveLegacyLedger ledger, LegacyBillingStore store, PlanCatalog plans) {
        this.ledger = ledger;
        this.store = store;
        this.plans = plans;
        this.apply = ledger.forUsers("billing-service", java.util.Map.of(SUBSCRIPTIONS, this::subscription,
                PAYMENTS, this::payment, METHODS, this::method));
    }

    /** A polled batch of captured changes, in one transaction ({@link ReactiveLegacyLedger#handleBatch}). */
    public void handleBatch(List<String> values) {
        ledger.handleBatch(values, apply);
    }

    private Mono<Outcome> subscription(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(SUBSCRIPTIONS, id).thenReturn(Outcome.done());
        }
        String status = lower(c.text("status"));
        if (!List.of("trialing", "active", "past_due", "cancelled").contains(status)) {
            return Mono.just(Outcome.refused("unknown subscription status " + status));
        }
        Plan plan;
        try {
            plan = plans.get(c.text("plan"));
        } catch (InvalidInput e) {
            return Mono.just(Outcome.refused("plan " + c.text("plan") + " is not in the catalog"));
        }
        return store.upsertSubscription(id, user, c.text("plan"), plan, status, LegacyChange.time(c.row(), "created_at"))
                .thenReturn(Outcome.done())
                .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class,
                        e -> Mono.just(Outcome.refused("a second live subscription for the same member")));
    }

    private Mono<Outcome> payment(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(PAYMENTS, id).thenReturn(Outcome.done());
        }
        String status = lower(c.text("status"));
        long minor;
        String currency;
        try {
            currency = c.text("currency").toUpperCase(Locale.ROOT);
            BigDecimal amount = new BigDecimal(c.text("amount"));
            minor = amount.movePointRight(Currency.getInstance(currency).getDefaultFractionDigits()).longValueExact();
        } catch (RuntimeException e) {
            return Mono.just(Outcome.refused("a payment needs an amount in whole minor units of an ISO 4217 currency"));
        }
        if (!List.of("pending", "succeeded", "failed", "refunded").contains(status) || minor <= 0) {
            return Mono.just(Outcome.refused("a payment needs a positive amount and a known status"));
        }
        return store.upsertPayment(id, user, minor, currency, status, LegacyChange.time(c.row(), "created_at"))
                .thenReturn(Outcome.done());
    }

    private Mono<Outcome> method(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.delete(METHODS, id).thenReturn(Outcome.done());
        }
        String token = c.text("provider_token");
        String last4 = c.text("last4");
        try {
            int month = Integer.parseInt(c.text("exp_month"));
            int year = Integer.parseInt(c.text("exp_year"));
            if (token == null || last4 == null || !last4.matches("\\d{4}") || month < 1 || month > 12) {
                throw new IllegalArgumentException();
            }
            return store.upsertMethod(id, user, token, c.text("brand") == null ? "unknown" : c.text("brand"), last4, month, year)
                    .thenReturn(Outcome.done());
        } catch (RuntimeException e) {
            return Mono.just(Outcome.refused("a payment method needs the provider's token, the last 4 digits and the expiry: the member adds the card again"));
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
