package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Failed charges retried, then past due; paying now with idempotency keys; refunds, partial or full. */
class PaymentsIT extends BillingFeaturesBase {

    @Test
    void aFailedChargeIsRetriedAfterOneThreeAndFiveDaysThenPastDueAndPayingNowIsIdempotent() {
        UUID user = member("tok_chargeDeclinedInsufficientFunds");
        UUID sub = UUID.fromString(subscribe(user, "gold").text("id"));
        for (int failure = 1; failure <= 3; failure++) {
            makeDue(sub);
            Instant before = Instant.now();
            assertThat(subscriptions.chargeDue().block()).isEqualTo(1);
            var s = subscriptions.scheduleOf(sub).block();
            assertThat(s.attempt()).isEqualTo(failure);
            assertThat(s.lastFailure()).isEqualTo("insufficient_funds");
            assertThat(Duration.between(before, s.nextChargeAt()).toHours())
                    .isEqualTo(Duration.ofDays(List.of(1, 3, 5).get(failure - 1)).toHours());
            assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'trialing' AND id = '" + sub + "'")).isEqualTo(1);
        }
        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'past_due' AND id = '" + sub + "'")).isEqualTo(1);
        assertThat(subscriptions.scheduleOf(sub).block().nextChargeAt()).isNull();
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'failed' AND subscription_id = '" + sub + "'")).isEqualTo(4);
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE type = 'PaymentFailed' AND payload->'data'->>'subscriptionId' = :s")
                .bind("s", sub.toString()).map(r -> r.get(0, Long.class)).one().block()).isEqualTo(4);

        String me = token(user);
        Reply visa = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"));
        Map<String, Object> body = Map.of("subscriptionId", sub.toString(), "paymentMethodId", visa.text("id"));
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payments", body).status()).isEqualTo(400);
        Reply paid = call(me, HttpMethod.POST, "/api/billing/me/payments", body, h -> h.set("Idempotency-Key", "settle-1"));
        assertThat(paid.status()).isEqualTo(201);
        assertThat(paid.text("status")).isEqualTo("succeeded");
        assertThat(paid.headers().getFirst("Idempotent-Replayed")).isEqualTo("false");
        Reply again = call(me, HttpMethod.POST, "/api/billing/me/payments", body, h -> h.set("Idempotency-Key", "settle-1"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text("id")).isEqualTo(paid.text("id"));
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        Reply other = call(me, HttpMethod.POST, "/api/billing/me/payments", Map.of("subscriptionId", sub.toString()),
                h -> h.set("Idempotency-Key", "settle-1"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND subscription_id = '" + sub + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'active' AND id = '" + sub + "'")).isEqualTo(1);
        assertThat(subscriptions.scheduleOf(sub).block().attempt()).isZero();
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payments", body, h -> h.set("Idempotency-Key", "settle-2")).status())
                .isEqualTo(409);
        assertThat(call(token(UUID.randomUUID()), HttpMethod.POST, "/api/billing/me/payments", body,
                h -> h.set("Idempotency-Key", "settle-1")).status()).isEqualTo(404);
    }

    /**
     * Paying now pays the next period, which {@code paid} starts on the plan the member changed to: it is charged at
     * that plan's price (it was charged at the old plan's and gave a year of the new one).
     */
    @Test
    void payingNowAfterAPlanChangeChargesTheNewPlansPrice() {
        UUID user = member("tok_chargeDeclinedInsufficientFunds");
        UUID sub = UUID.fromString(subscribe(user, "gold").text("id"));
        makeDue(sub);
        assertThat(subscriptions.chargeDue().block()).isEqualTo(1);
        String me = token(user);
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/subscriptions/" + sub + "/plan", Map.of("plan", "gold-yearly"))
                .text("nextPlan")).isEqualTo("gold-yearly");
        Reply visa = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"));

        Reply paid = call(me, HttpMethod.POST, "/api/billing/me/payments",
                Map.of("subscriptionId", sub.toString(), "paymentMethodId", visa.text("id")), h -> h.set("Idempotency-Key", "plan-1"));

        assertThat(paid.status()).isEqualTo(201);
        assertThat(paid.body().path("amountMinor").asLong()).isEqualTo(19900);
        assertThat(count("SELECT price_minor FROM user_subscriptions WHERE id = '" + sub + "'")).isEqualTo(19900);
        assertThat(events("PaymentSucceeded", paid.text("id"))).singleElement().asString().contains("\"amount\": 199.00");
    }

    /**
     * A past-due subscription has no paid period left to run out: cancelling it "at the period's end" (the default)
     * ends it now, announced, and the member can subscribe again (it stayed past due for ever, blocking that).
     */
    @Test
    void cancellingAPastDueSubscriptionEndsItNow() {
        UUID user = member("tok_chargeDeclinedInsufficientFunds");
        UUID sub = UUID.fromString(subscribe(user, "gold").text("id"));
        for (int failure = 1; failure <= 4; failure++) {
            makeDue(sub);
            subscriptions.chargeDue().block();
        }
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'past_due' AND id = '" + sub + "'")).isEqualTo(1);

        Reply cancelled = call(token(user), HttpMethod.POST, "/api/billing/me/subscriptions/" + sub + "/cancel", null);

        assertThat(cancelled.text("status")).as(cancelled.body().toString()).isEqualTo("cancelled");
        assertThat(events("SubscriptionCancelled", sub)).hasSize(1);
        assertThat(subscribe(user, "basic").status()).isEqualTo(402); // its card is declined: no live subscription in the way (409)
    }

    @Test
    void refundsArePartialOrFullAndNeverAboveWhatWasCaptured() {
        UUID user = member("tok_visa");
        UUID sub = UUID.fromString(subscribe(user, "basic").text("id"));
        String payment = db.sql("SELECT id::text FROM user_payments WHERE subscription_id = :s").bind("s", sub)
                .map(r -> r.get(0, String.class)).one().block();
        String path = "/api/billing/admin/payments/" + payment + "/refunds";
        assertThat(call(token(user), HttpMethod.POST, path, Map.of("amountMinor", 100)).status()).isEqualTo(403);
        Reply partial = call(admin, HttpMethod.POST, path, Map.of("amountMinor", 400));
        assertThat(partial.text("status")).isEqualTo("succeeded");
        assertThat(partial.body().path("refundedMinor").asLong()).isEqualTo(400);
        assertThat(call(admin, HttpMethod.POST, path, Map.of("amountMinor", 600)).status()).isEqualTo(422);
        assertThat(call(admin, HttpMethod.POST, path, Map.of("amountMinor", 0)).status()).isEqualTo(400);
        Reply rest = call(admin, HttpMethod.POST, path, null);
        assertThat(rest.text("status")).isEqualTo("refunded");
        assertThat(rest.body().path("refundedMinor").asLong()).isEqualTo(999);
        assertThat(call(admin, HttpMethod.POST, path, Map.of("amountMinor", 1)).status()).isEqualTo(409);
        assertThat(call(admin, HttpMethod.POST, "/api/billing/admin/payments/" + UUID.randomUUID() + "/refunds", null).status())
                .isEqualTo(404);
        List<String> refunds = events("PaymentRefunded", payment);
        assertThat(refunds).hasSize(2);
        assertThat(refunds.get(1)).contains("\"refundedTotal\": 9.99").contains("\"fully\": true");
    }
}
