package app.platform.billing.legacy.application;

import app.platform.billing.method.domain.PaymentMethod;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.provider.domain.Card;
import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.domain.Plan;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import app.platform.errors.InvalidInput;
import app.platform.legacy.LegacyChange;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * What a legacy {@code user_subscriptions}, {@code user_payments} or {@code user_payment_methods} row is in this
 * service's terms, made by the domain's own rules: statuses by their own parsers, a subscription's plan and price
 * from the catalog, an amount by {@link Money} in minor units of its currency, a card's token by
 * {@link PaymentMethod#token} (never a card number) and its brand, last 4 and expiry by {@link Card};
 * {@link InvalidInput} names what the domain refuses.
 */
final class LegacyBillingRows {

    /** A legacy subscription, and when the legacy side created it. */
    record LegacySubscription(Subscription subscription, Instant createdAt) {
    }

    /** A legacy card under its legacy id: the provider's token and what the row tells of the card. */
    record LegacyCard(UUID id, String token, Card card, Instant createdAt) {
    }

    private LegacyBillingRows() {
    }

    /** A subscription to a plan of the catalog at the catalog's price; the legacy side keeps charging it. */
    static LegacySubscription subscription(LegacyChange row, UUID user, PlanCatalog plans) {
        UUID id = id(row);
        SubscriptionStatus status = status(row, SubscriptionStatus::of, SubscriptionStatus.values());
        String name = row.text("plan");
        Plan plan;
        try {
            plan = plans.get(name);
        } catch (InvalidInput e) {
            throw new InvalidInput("plan", name + ": " + e.getMessage());
        }
        return new LegacySubscription(new Subscription(id, user, name, plan.priceMinor(), plan.currency(),
                plan.interval(), status, null, null, false, null, null), createdAt(row));
    }

    /**
     * A payment of a positive amount in whole minor units of its currency (given in major units, any case); a refunded
     * one was refunded in full. {@code now} when the row does not tell when it was made.
     */
    static Payment payment(LegacyChange row, UUID user, Instant now) {
        UUID id = id(row);
        PaymentStatus status = status(row, PaymentStatus::of, PaymentStatus.values());
        Money amount = money(row.text("amount"), row.text("currency"));
        Instant created = createdAt(row);
        return new Payment(id, user, null, null, null, 0, amount.minor(), amount.currency(), status,
                status == PaymentStatus.REFUNDED ? amount.minor() : 0, null, null, created == null ? now : created);
    }

    /** A card: the provider's token, the last 4 and the expiry are needed (without them the member adds it again). */
    static LegacyCard card(LegacyChange row, Instant now) {
        UUID id = id(row);
        String token = PaymentMethod.token(row.text("provider_token"));
        Card card = new Card(row.text("brand"), row.text("last4"), number("exp_month", row.text("exp_month")),
                number("exp_year", row.text("exp_year")));
        Instant created = createdAt(row);
        return new LegacyCard(id, token, card, created == null ? now : created);
    }

    /** The legacy row's own id. */
    static UUID id(LegacyChange row) {
        try {
            return UUID.fromString(row.id());
        } catch (RuntimeException e) {
            throw new InvalidInput("id", "is not a UUID");
        }
    }

    /** When the legacy side created the row; null when the row does not tell. */
    static Instant createdAt(LegacyChange row) {
        try {
            return LegacyChange.time(row.row(), "created_at");
        } catch (DateTimeException e) {
            throw new InvalidInput("created_at", "is not a time");
        }
    }

    private static Money money(String amount, String currency) {
        Money money;
        try {
            money = Money.ofMajor(new BigDecimal(amount.strip()), currency.strip().toUpperCase(Locale.ROOT));
        } catch (ArithmeticException e) {
            throw new InvalidInput("amount", "is not a whole number of minor units of its currency");
        } catch (RuntimeException e) { // no amount or currency, not a number, not an ISO 4217 code, negative
            throw new InvalidInput(amount == null || !amount.strip().matches("[0-9]+(\\.[0-9]+)?") ? "amount" : "currency",
                    "a positive amount of an ISO 4217 currency");
        }
        if (money.minor() == 0) {
            throw new InvalidInput("amount", "a positive amount of an ISO 4217 currency");
        }
        return money;
    }

    private static <S extends Enum<S>> S status(LegacyChange row, java.util.function.Function<String, S> parser, S[] all) {
        String value = row.text("status");
        try {
            return parser.apply(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "is not one of "
                    + Arrays.stream(all).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static int number(String column, String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput(column, "is not a number");
        }
    }
}
