package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.membership.KycApproved;
import app.platform.events.membership.PayoutScheduled;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Transaction monitoring: velocity, amount, failures and payouts without KYC flagged for review. */
class MonitoringIT extends BillingFeaturesBase {

    @Test
    void monitoringFlagsVelocityAmountFailuresAndPayoutsWithoutKycForReview() {
        UUID failing = member("tok_chargeDeclined");
        for (int i = 0; i < 6; i++) {
            assertThat(subscribe(failing, "basic").status()).isEqualTo(402);
        }
        assertThat(count("SELECT count(*) FROM transaction_monitoring WHERE rule = 'failed_attempts' AND user_id = '" + failing + "'"))
                .isEqualTo(4);
        assertThat(count("SELECT count(*) FROM transaction_monitoring WHERE rule = 'velocity' AND user_id = '" + failing + "'"))
                .isEqualTo(1);

        UUID big = member("tok_visa");
        assertThat(subscribe(big, "vip").status()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM transaction_monitoring WHERE rule = 'amount_above_threshold' AND severity = 'high' AND user_id = '"
                + big + "'")).isEqualTo(1);

        UUID unverified = UUID.randomUUID();
        UUID verified = UUID.randomUUID();
        UUID payout1 = UUID.randomUUID();
        UUID payout2 = UUID.randomUUID();
        var meta = new EventMetadata("corr-billing", "service:membership-service");
        kafka.publish(EventEnvelope.wrap(new KycApproved(verified, UUID.randomUUID(), Instant.now(), Instant.now().plus(Duration.ofDays(365))),
                meta, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member_kyc WHERE status = 'approved' AND user_id = '"
                + verified + "'") == 1);
        var unverifiedPayout = EventEnvelope.wrap(new PayoutScheduled(payout1, unverified, new BigDecimal("100.00"), "EUR", Instant.now()),
                meta, Instant.now());
        kafka.publish(unverifiedPayout);
        kafka.publish(unverifiedPayout);
        kafka.publish(EventEnvelope.wrap(new PayoutScheduled(payout2, verified, new BigDecimal("100.00"), "EUR", Instant.now()),
                meta, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event") >= 3);
        assertThat(count("SELECT count(*) FROM transaction_monitoring WHERE rule = 'payout_without_kyc' AND severity = 'critical' AND subject_id = '"
                + payout1 + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM transaction_monitoring WHERE subject_id = '" + payout2 + "'")).isZero();

        Reply open = call(admin, HttpMethod.GET, "/api/billing/admin/alerts?status=open", null);
        JsonNode alert = null;
        for (JsonNode a : open.body()) {
            if (a.path("subjectId").asString().equals(payout1.toString())) {
                alert = a;
            }
        }
        assertThat(alert).isNotNull();
        String id = alert.path("id").asString();
        assertThat(events("TransactionFlagged", id)).hasSize(1);
        String review = "/api/billing/admin/alerts/" + id + "/review";
        assertThat(call(admin, HttpMethod.POST, review, Map.of("decision", "maybe")).status()).isEqualTo(400);
        Reply dismissed = call(admin, HttpMethod.POST, review, Map.of("decision", "dismissed", "note", "KYC done offline"));
        assertThat(dismissed.text("status")).isEqualTo("dismissed");
        assertThat(dismissed.text("reviewNote")).isEqualTo("KYC done offline");
        assertThat(call(admin, HttpMethod.POST, review, Map.of("decision", "dismissed")).status()).isEqualTo(200);
        assertThat(call(admin, HttpMethod.POST, review, Map.of("decision", "confirmed")).status()).isEqualTo(409);
        assertThat(call(token(big), HttpMethod.GET, "/api/billing/admin/alerts", null).status()).isEqualTo(403);
    }
}
