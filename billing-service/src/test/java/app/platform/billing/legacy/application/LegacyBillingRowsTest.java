package app.platform.billing.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.provider.domain.Card;
import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.domain.Plan;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.billing.subscription.domain.SubscriptionStatus;
import app.platform.errors.InvalidInput;
import app.platform.events.EventJson;
import app.platform.legacy.LegacyChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LegacyBillingRowsTest {

    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final PlanCatalog PLANS = new PlanCatalog(Map.of("gold", new Plan(1999, "EUR", "month", 14),
            "basic", new Plan(999, "EUR", "month", 0)));

    @Test
    void aSubscriptionTakesItsPlansPriceFromTheCatalogAndHasNoPeriodOrCard() {
        LegacyBillingRows.LegacySubscription legacy = LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(),
                "plan", "gold", "status", " Past_Due ", "created_at", "2024-05-06T07:08:09Z")), USER, PLANS);

        assertThat(legacy.subscription()).isEqualTo(new Subscription(ID, USER, "gold", 1999, "EUR", "month",
                SubscriptionStatus.PAST_DUE, null, null, false, null, null));
        assertThat(legacy.createdAt()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
        assertThat(LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(), "plan", "basic",
                "status", "active")), USER, PLANS).createdAt()).isNull();
    }

    @Test
    void aSubscriptionOutsideTheCatalogOrWithAnUnknownStatusIsRefusedNamingIt() {
        assertThatThrownBy(() -> LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(),
                "plan", "platinum", "status", "active")), USER, PLANS))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo("plan");
                    assertThat(e.getMessage()).contains("platinum").contains("gold");
                });
        assertRefused(() -> LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(), "status", "active")),
                USER, PLANS), "plan");
        assertRefused(() -> LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(), "plan", "gold",
                "status", "paused")), USER, PLANS), "status");
        assertRefused(() -> LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(), "plan", "gold")),
                USER, PLANS), "status");
        assertRefused(() -> LegacyBillingRows.subscription(change("r", Map.of("id", "7", "plan", "gold",
                "status", "active")), USER, PLANS), "id");
        assertRefused(() -> LegacyBillingRows.subscription(change("r", Map.of("id", ID.toString(), "plan", "gold",
                "status", "active", "created_at", "yesterday")), USER, PLANS), "created_at");
    }

    @Test
    void aPaymentIsInMinorUnitsOfItsCurrencyAndARefundedOneWasRefundedInFull() {
        Payment paid = LegacyBillingRows.payment(change("r", Map.of("id", ID.toString(), "amount", "19.9900",
                "currency", "eur", "status", "Succeeded", "created_at", "2025-02-03T04:05:06Z")), USER, NOW);
        assertThat(paid).isEqualTo(new Payment(ID, USER, null, null, null, 0, 1999, "EUR", PaymentStatus.SUCCEEDED, 0,
                null, null, Instant.parse("2025-02-03T04:05:06Z")));

        Payment refunded = LegacyBillingRows.payment(change("r", Map.of("id", ID.toString(), "amount", 500,
                "currency", "JPY", "status", "refunded")), USER, NOW);
        assertThat(refunded.amountMinor()).isEqualTo(500);
        assertThat(refunded.currency()).isEqualTo("JPY");
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.refundedMinor()).isEqualTo(500);
        assertThat(refunded.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aPaymentTheMoneyRulesRefuseNamesWhatIsWrong() {
        assertRefused(() -> payment("19.999", "EUR", "succeeded"), "amount");
        assertRefused(() -> payment("0", "EUR", "succeeded"), "amount");
        assertRefused(() -> payment("-5.00", "EUR", "succeeded"), "amount");
        assertRefused(() -> payment("ten", "EUR", "succeeded"), "amount");
        assertRefused(() -> payment(null, "EUR", "succeeded"), "amount");
        assertRefused(() -> payment("10.00", "XYZ", "succeeded"), "currency");
        assertRefused(() -> payment("10.00", null, "succeeded"), "currency");
        assertRefused(() -> payment("10.00", "EUR", "chargeback"), "status");
    }

    @Test
    void aCardIsKeptByItsProviderTokenWithTheBrandLast4AndExpiryAsTheProviderWouldTellThem() {
        LegacyBillingRows.LegacyCard card = LegacyBillingRows.card(change("r", Map.of("id", ID.toString(),
                "provider_token", " pm_123 ", "brand", " Visa ", "last4", "4242", "exp_month", 12, "exp_year", 2030,
                "created_at", "2024-01-02T03:04:05Z")), NOW);
        assertThat(card).isEqualTo(new LegacyBillingRows.LegacyCard(ID, "pm_123", new Card("visa", "4242", 12, 2030),
                Instant.parse("2024-01-02T03:04:05Z")));

        LegacyBillingRows.LegacyCard noBrand = LegacyBillingRows.card(change("r", Map.of("id", ID.toString(),
                "provider_token", "pm_123", "last4", "0005", "exp_month", "1", "exp_year", "2031")), NOW);
        assertThat(noBrand.card().brand()).isEqualTo("unknown");
        assertThat(noBrand.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aCardWithoutTheProvidersTokenOrWithACardNumberForOneIsRefused() {
        Map<String, Object> row = new HashMap<>(Map.of("id", ID.toString(), "brand", "visa", "last4", "4242",
                "exp_month", 12, "exp_year", 2030));
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "token");
        row.put("provider_token", "4242 4242 4242 4242");
        assertThatThrownBy(() -> LegacyBillingRows.card(change("r", row), NOW))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo("token");
                    assertThat(e.getMessage()).doesNotContain("4242");
                });
        row.put("provider_token", "pm_" + "x".repeat(126));
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "token");
        row.put("provider_token", "pm_123");
        row.put("last4", "42");
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "last4");
        row.put("last4", "4242");
        row.put("exp_month", 13);
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "expMonth");
        row.remove("exp_month");
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "exp_month");
        row.put("exp_month", 12);
        row.put("exp_year", 30);
        assertRefused(() -> LegacyBillingRows.card(change("r", row), NOW), "expYear");
    }

    private static Payment payment(String amount, String currency, String status) {
        Map<String, Object> row = new HashMap<>(Map.of("id", ID.toString(), "status", status));
        row.put("amount", amount);
        row.put("currency", currency);
        return LegacyBillingRows.payment(change("r", row), USER, NOW);
    }

    private static LegacyChange change(String op, Map<String, Object> columns) {
        ObjectNode row = EventJson.MAPPER.valueToTree(columns);
        return new LegacyChange("public.test", op, row, NOW);
    }

    private static void assertRefused(ThrowingCallable translation, String field) {
        assertThatThrownBy(translation).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
