package app.platform.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.billing.method.domain.CardNumbers;
import app.platform.billing.monitoring.domain.MonitoringRules;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.provider.domain.WebhookSignature;
import app.platform.billing.provider.domain.WebhookSignature.Verdict;
import app.platform.billing.subscription.domain.Plan;
import app.platform.billing.subscription.domain.RetryPolicy;
import app.platform.billing.tax.domain.TaxFormInput;
import app.platform.errors.InvalidInput;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The money, card, retry, signature, tax-form and monitoring rules, as plain Java. */
class BillingRulesTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void moneyIsMinorUnitsOfARealCurrency() {
        assertThat(new Money(1999, "EUR").decimal()).isEqualByComparingTo(new BigDecimal("19.99"));
        assertThat(new Money(500, "JPY").decimal()).isEqualByComparingTo(new BigDecimal("500"));
        assertThat(new Money(1, "KWD").decimal()).isEqualByComparingTo(new BigDecimal("0.001"));
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PaymentStatus.refundable(PaymentStatus.SUCCEEDED, 999, 400)).isEqualTo(599);
        assertThat(PaymentStatus.refundable(PaymentStatus.PENDING, 999, 0)).isZero();
    }

    @Test
    void cardNumbersAreRecognisedByLengthAndLuhn() {
        assertThat(CardNumbers.looksLikeOne("4242424242424242")).isTrue();
        assertThat(CardNumbers.looksLikeOne("4242 4242 4242 4242")).isTrue();
        assertThat(CardNumbers.looksLikeOne("5555-5555-5555-4444")).isTrue();
        assertThat(CardNumbers.looksLikeOne("4242424242424241")).isFalse(); // wrong check digit
        assertThat(CardNumbers.looksLikeOne("tok_visa")).isFalse();
        assertThat(CardNumbers.looksLikeOne("12345")).isFalse();
        assertThat(CardNumbers.looksLikeOne(null)).isFalse();
    }

    @Test
    void failuresAreRetriedAfterOneThreeAndFiveDaysThenStop() {
        assertThat(RetryPolicy.nextAttempt(1, NOW)).contains(NOW.plus(Duration.ofDays(1)));
        assertThat(RetryPolicy.nextAttempt(2, NOW)).contains(NOW.plus(Duration.ofDays(3)));
        assertThat(RetryPolicy.nextAttempt(3, NOW)).contains(NOW.plus(Duration.ofDays(5)));
        assertThat(RetryPolicy.nextAttempt(4, NOW)).isEmpty();
    }

    @Test
    void periodsAreCalendarMonthsAndYears() {
        assertThat(Plan.periodEnd(Instant.parse("2026-01-31T12:00:00Z"), "month")).isEqualTo(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(Plan.periodEnd(Instant.parse("2028-02-29T00:00:00Z"), "year")).isEqualTo(Instant.parse("2029-02-28T00:00:00Z"));
        assertThatThrownBy(() -> new Plan(100, "EUR", "week", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWebhookSignatureIsCheckedForKeyBodyAndTime() {
        String body = "{\"id\":\"evt_1\"}";
        String header = WebhookSignature.header(NOW, body, "secret");
        assertThat(WebhookSignature.verify(header, body, "secret", NOW.plusSeconds(299), Duration.ofMinutes(5))).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(header, body, "secret", NOW.plusSeconds(301), Duration.ofMinutes(5)))
                .isEqualTo(Verdict.OUTSIDE_TOLERANCE);
        assertThat(WebhookSignature.verify(header, body + " ", "secret", NOW, Duration.ofMinutes(5))).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(header, body, "other", NOW, Duration.ofMinutes(5))).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify("t=abc,v1=00", body, "secret", NOW, Duration.ofMinutes(5))).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify("", body, "secret", NOW, Duration.ofMinutes(5))).isEqualTo(Verdict.MISSING_SIGNATURE);
        // a rotated secret: the provider signs with both, either one verifies
        String both = header + ",v1=" + WebhookSignature.sign(NOW.getEpochSecond(), body, "new-secret");
        assertThat(WebhookSignature.verify(both, body, "new-secret", NOW, Duration.ofMinutes(5))).isEqualTo(Verdict.VALID);
    }

    @Test
    void taxFormsAreValidatedAndNeverPrintTheirTaxId() {
        TaxFormInput w9 = new TaxFormInput("W-9", " Ada ", "us", "123-45-6789").validated();
        assertThat(w9.taxId()).isEqualTo("123456789");
        assertThat(w9.last4()).isEqualTo("6789");
        assertThat(w9.country()).isEqualTo("US");
        assertThat(w9.toString()).doesNotContain("123456789");
        assertThat(new TaxFormInput("W-8BEN", "Max", "DE", "DE12 3456 789").validated().taxId()).isEqualTo("DE123456789");
        assertThatThrownBy(() -> new TaxFormInput("W-9", "Ada", "DE", "123456789").validated())
                .isInstanceOf(InvalidInput.class).extracting("field").isEqualTo("country");
        assertThatThrownBy(() -> new TaxFormInput("W-8BEN", "Max", "US", "ABCD1").validated())
                .isInstanceOf(InvalidInput.class).extracting("field").isEqualTo("country");
        assertThatThrownBy(() -> new TaxFormInput("1099", "Ada", "US", "123456789").validated())
                .isInstanceOf(InvalidInput.class).extracting("field").isEqualTo("kind");
        assertThatThrownBy(() -> new TaxFormInput("W-9", "Ada", "US", "12345678").validated())
                .isInstanceOf(InvalidInput.class).extracting("field").isEqualTo("taxId");
    }

    @Test
    void monitoringRulesFireAboveTheirThresholds() {
        var t = new MonitoringRules.Thresholds(5, 100_000, 3);
        assertThat(MonitoringRules.forPayment(t, 999, 5, 0, false)).isEmpty();
        assertThat(MonitoringRules.forPayment(t, 999, 6, 0, false)).extracting(MonitoringRules.Finding::rule).containsExactly("velocity");
        assertThat(MonitoringRules.forPayment(t, 100_001, 1, 0, false)).extracting(MonitoringRules.Finding::rule)
                .containsExactly("amount_above_threshold");
        assertThat(MonitoringRules.forPayment(t, 999, 3, 3, true)).extracting(MonitoringRules.Finding::rule)
                .containsExactly("failed_attempts");
        assertThat(MonitoringRules.forPayment(t, 999, 3, 3, false)).isEmpty();
        assertThat(MonitoringRules.forPayout("approved", NOW.plusSeconds(60), NOW)).isEmpty();
        assertThat(MonitoringRules.forPayout("approved", NOW.minusSeconds(60), NOW)).isPresent();
        assertThat(MonitoringRules.forPayout(null, null, NOW)).get().extracting(MonitoringRules.Finding::severity).isEqualTo("critical");
        assertThat(MonitoringRules.decisionAllowed("open", "confirmed")).isTrue();
        assertThat(MonitoringRules.decisionAllowed("dismissed", "dismissed")).isTrue();
        assertThat(MonitoringRules.decisionAllowed("dismissed", "confirmed")).isFalse();
    }
}
