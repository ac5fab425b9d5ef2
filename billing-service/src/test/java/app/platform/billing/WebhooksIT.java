package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.billing.provider.domain.WebhookSignature;
import app.platform.events.schema.EventSchemaValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** The provider's signed webhooks: a pending payment settled once; unsigned, forged, stale and replayed ones rejected and audited. */
class WebhooksIT extends BillingFeaturesBase {

    @Test
    void signedWebhooksSettleAPendingPaymentAndBadOnesAreRejectedAndAudited() {
        UUID user = member("tok_threeDSecureRequired");
        UUID sub = renewalNeedingTheCardsCheck(user);
        assertThat(subscriptions.scheduleOf(sub).block().lastFailure()).isEqualTo("authentication_required");
        Reply pending = call(token(user), HttpMethod.POST, "/api/billing/me/payments", Map.of("subscriptionId", sub.toString()),
                h -> h.set("Idempotency-Key", "3ds-1"));
        assertThat(pending.text("status")).isEqualTo("pending");
        assertThat(pending.text("nextAction")).isEqualTo("authenticate_with_provider");
        // while it waits for the card's check, paying again (another key) is refused: it would be charged twice
        Reply twice = call(token(user), HttpMethod.POST, "/api/billing/me/payments", Map.of("subscriptionId", sub.toString()),
                h -> h.set("Idempotency-Key", "3ds-2"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("detail")).contains("waits");
        String ref = db.sql("SELECT provider_ref FROM user_payments WHERE id = :id").bind("id", UUID.fromString(pending.text("id")))
                .map(r -> r.get(0, String.class)).one().block();
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"" + ref + "\"}}}";

        long rejectedBefore = count("SELECT count(*) FROM outbox WHERE type = 'ProviderWebhookRejected'");
        assertThat(webhook(body, null).status()).isEqualTo(400);
        assertThat(webhook(body, WebhookSignature.header(Instant.now(), body, "not-the-secret")).status()).isEqualTo(400);
        assertThat(webhook(body, WebhookSignature.header(Instant.now(), body.replace("succeeded", "payment_failed"), SECRET)).status())
                .isEqualTo(400);
        Reply stale = webhook(body, WebhookSignature.header(Instant.now().minus(Duration.ofMinutes(6)), body, SECRET));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.text("title")).isEqualTo("Webhook rejected");
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'ProviderWebhookRejected'") - rejectedBefore).isEqualTo(4);
        db.sql("SELECT payload::text FROM outbox WHERE type = 'ProviderWebhookRejected'").map(r -> r.get(0, String.class)).all()
                .doOnNext(EventSchemaValidator::assertValid).blockLast();
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'pending' AND id = '" + pending.text("id") + "'")).isEqualTo(1);

        Reply ok = webhook(body, WebhookSignature.header(Instant.now().minusSeconds(60), body, SECRET));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text("outcome")).isEqualTo("processed");
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND id = '" + pending.text("id") + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'active' AND id = '" + sub + "'")).isEqualTo(1);
        Reply repeat = webhook(body, WebhookSignature.header(Instant.now(), body, SECRET));
        assertThat(repeat.text("outcome")).isEqualTo("repeat");
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'ProviderWebhookRejected' AND payload->'data'->>'reason' = 'replayed'"))
                .isEqualTo(1);
        assertThat(events("PaymentSucceeded", pending.text("id"))).hasSize(1);
        assertThat(count("SELECT count(*) FROM provider_webhooks WHERE outcome = 'rejected'")).isGreaterThanOrEqualTo(4);
    }

    /**
     * The provider reports a payment failed, then (the member completed the card's check on the same payment) that
     * it succeeded: the money is taken, so the payment succeeds and pays the period (the success was dropped).
     */
    @Test
    void aSuccessAfterAFailureOfTheSamePaymentPaysThePeriod() {
        UUID user = member("tok_threeDSecureRequired");
        UUID sub = renewalNeedingTheCardsCheck(user);
        Reply pending = payNowFailed(user, sub, "3ds-late");
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'failed' AND id = '" + pending.text("id") + "'")).isEqualTo(1);

        assertThat(settled(pending, "payment_intent.succeeded").text("outcome")).isEqualTo("processed");

        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND failure_code IS NULL AND id = '"
                + pending.text("id") + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'active' AND id = '" + sub + "'")).isEqualTo(1);
        assertThat(events("PaymentSucceeded", pending.text("id"))).hasSize(1);
        assertThat(subscriptions.scheduleOf(sub).block().attempt()).isZero();
    }

    /**
     * A renewal's charge failed (the card's check not completed), then the member ended the subscription. If the check
     * completes anyway, the success bought nothing: it is given back, and the subscription stays ended.
     */
    @Test
    void aLateSuccessOfAFailedRenewalWhoseSubscriptionEndedIsGivenBack() {
        UUID user = member("tok_threeDSecureRequired");
        UUID sub = renewalNeedingTheCardsCheck(user);
        Reply pending = payNowFailed(user, sub, "3ds-ended");
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/me/subscriptions/" + sub + "/cancel",
                Map.of("atPeriodEnd", false)).status()).isEqualTo(200);

        assertThat(settled(pending, "payment_intent.succeeded").text("outcome")).isEqualTo("processed");

        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'refunded' AND refunded_minor = amount_minor AND id = '"
                + pending.text("id") + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'cancelled' AND id = '" + sub + "'")).isEqualTo(1);
        assertThat(events("PaymentSucceeded", pending.text("id"))).isEmpty();
        assertThat(events("PaymentRefunded", pending.text("id"))).singleElement().asString().contains("\"fully\": true");
    }

    /**
     * A subscribe whose first charge needed the card's check is declined (402, recorded failed, no subscription). If
     * the member completes the check anyway, the provider's success bought nothing: it is refunded in full.
     */
    @Test
    void aDeclinedFirstChargeThatSucceedsLateIsGivenBack() {
        UUID user = member("tok_threeDSecureRequired");
        assertThat(subscribe(user, "basic").status()).isEqualTo(402);
        String ref = db.sql("SELECT provider_ref FROM user_payments WHERE user_id = :u").bind("u", user)
                .map(r -> r.get(0, String.class)).one().block();
        String succeeded = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"" + ref + "\"}}}";

        assertThat(webhook(succeeded, WebhookSignature.header(Instant.now(), succeeded, SECRET)).text("outcome")).isEqualTo("processed");

        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'refunded' AND refunded_minor = amount_minor AND user_id = '"
                + user + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE user_id = '" + user + "'")).isZero();
        String payment = db.sql("SELECT id::text FROM user_payments WHERE user_id = :u").bind("u", user)
                .map(r -> r.get(0, String.class)).one().block();
        assertThat(events("PaymentRefunded", payment)).singleElement().asString().contains("\"fully\": true");
        assertThat(events("PaymentSucceeded", payment)).isEmpty();
    }

    /** The member pays now what the subscription owes; the provider reports that payment failed. */
    Reply payNowFailed(UUID user, UUID sub, String idempotencyKey) {
        Reply pending = call(token(user), HttpMethod.POST, "/api/billing/me/payments", Map.of("subscriptionId", sub.toString()),
                h -> h.set("Idempotency-Key", idempotencyKey));
        assertThat(settled(pending, "payment_intent.payment_failed").status()).isEqualTo(200);
        return pending;
    }

    /** The provider's signed webhook of that type about the payment. */
    Reply settled(Reply payment, String type) {
        String ref = db.sql("SELECT provider_ref FROM user_payments WHERE id = :id").bind("id", UUID.fromString(payment.text("id")))
                .map(r -> r.get(0, String.class)).one().block();
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"" + ref + "\"}}}";
        return webhook(body, WebhookSignature.header(Instant.now(), body, SECRET));
    }

    /** The member's subscription, whose renewal failed for want of the card's check (3-D Secure). */
    UUID renewalNeedingTheCardsCheck(UUID user) {
        UUID sub = UUID.fromString(subscribe(user, "gold").text("id"));
        makeDue(sub);
        subscriptions.chargeDue().block();
        return sub;
    }

    Reply webhook(String body, String signature) {
        return call(null, HttpMethod.POST, "/api/billing/webhooks/provider", body, h -> {
            h.setContentType(MediaType.APPLICATION_JSON);
            if (signature != null) {
                h.set("Provider-Signature", signature);
            }
        });
    }
}
