package app.platform.billing;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.billing.provider.domain.WebhookSignature;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.tax.application.TaxForms;
import app.platform.crypto.KeyCipher;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.membership.KycApproved;
import app.platform.events.membership.PayoutScheduled;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Billing on real PostgreSQL and Kafka: cards as tokens, terms, subscriptions and their scheduler (two instances),
 * retries, paying now with idempotency keys, refunds, the provider's signed webhooks, tax forms, monitoring, and
 * neither card numbers nor tax ids in logs or events.
 */
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "billing.scheduler.first-run=PT24H", "logging.level.org.springframework.http.codec.json.JacksonJsonDecoder=DEBUG",
        "billing.plans.vip.price-minor=250000", "billing.plans.vip.currency=EUR", "billing.plans.vip.interval=month",
        "billing.plans.vip.trial-days=0",
        "billing.monitoring.amount-threshold-minor=100000",
        "billing.tax-id.keys.old=b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE=",
        "billing.tax-id.keys.new=bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=",
        "billing.tax-id.current-key=new"})
class BillingFeaturesIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SECRET = "whsec_local_development_only";

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void close() {
        issuer.close();
        kafka.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TaxForms taxForms;
    @Autowired
    Environment environment;

    final String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");

    record Reply(int status, JsonNode body, HttpHeaders headers) {
        String text(String field) {
            return body.path(field).asString();
        }
    }

    String token(UUID user) {
        return issuer.accessToken(user, user + "@example.com", "authenticated");
    }

    Reply call(String token, HttpMethod method, String path, Object body, Consumer<HttpHeaders> headers) {
        var request = LocalWeb.client(port).method(method).uri(path).headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                    headers.accept(h);
                });
        var result = (body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange())
                .expectBody(String.class).returnResult();
        String text = result.getResponseBody();
        return new Reply(result.getStatus().value(), text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text),
                result.getResponseHeaders());
    }

    Reply call(String token, HttpMethod method, String path, Object body) {
        return call(token, method, path, body, h -> { });
    }

    /** A member who accepted the current terms and holds a card of this test token. */
    UUID member(String cardToken) {
        UUID user = UUID.randomUUID();
        acceptTerms(user);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", cardToken)).status())
                .isEqualTo(201);
        return user;
    }

    void acceptTerms(UUID user) {
        Reply terms = call(token(user), HttpMethod.GET, "/api/billing/terms", null);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/me/agreements",
                Map.of("version", terms.text("version"), "hash", terms.text("hash"))).status()).isEqualTo(201);
    }

    Reply subscribe(UUID user, String plan) {
        return call(token(user), HttpMethod.POST, "/api/billing/me/subscriptions", Map.of("plan", plan));
    }

    void makeDue(UUID subscriptionId) {
        db.sql("UPDATE user_billing_schedules SET next_charge_at = now() - interval '1 second' WHERE subscription_id = :id")
                .bind("id", subscriptionId).then().block();
    }

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    /** The outbox payloads of this type about this aggregate, each checked against its schema. */
    List<String> events(String type, Object aggregateId) {
        List<String> payloads = db.sql("SELECT payload::text FROM outbox WHERE type = :type AND aggregateid = :id ORDER BY occurred_at")
                .bind("type", type).bind("id", aggregateId.toString()).map(r -> r.get(0, String.class)).all().collectList().block();
        payloads.forEach(EventSchemaValidator::assertValid);
        return payloads;
    }

    Reply schedule(UUID subscriptionId) {
        var s = subscriptions.scheduleOf(subscriptionId).block();
        return new Reply(200, JSON.valueToTree(s), null);
    }

    @Test
    void cardsAreProviderTokensAndTheDefaultOfALiveSubscriptionStays() {
        assertThat(call(null, HttpMethod.GET, "/api/billing/me/payment-methods", null).status()).isEqualTo(401);
        assertThat(call(null, HttpMethod.GET, "/actuator/health/readiness", null).status()).isEqualTo(200);
        UUID user = UUID.randomUUID();
        String me = token(user);
        Reply number = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "4242 4242 4242 4242"));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.body().path("errors").get(0).path("field").asString()).isEqualTo("token");
        assertThat(number.body().toString()).doesNotContain("4242 4242");
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_unknown")).status()).isEqualTo(400);

        Reply visa = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"));
        assertThat(visa.status()).isEqualTo(201);
        assertThat(visa.text("brand")).isEqualTo("visa");
        assertThat(visa.text("last4")).isEqualTo("4242");
        assertThat(visa.body().path("isDefault").asBoolean()).isTrue();
        assertThat(visa.body().has("providerToken")).isFalse();
        Reply mastercard = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_mastercard"));
        assertThat(mastercard.body().path("isDefault").asBoolean()).isFalse();
        assertThat(events("PaymentMethodAdded", visa.text("id"))).singleElement().asString().contains("\"last4\": \"4242\"");

        acceptTerms(user);
        assertThat(subscribe(user, "basic").status()).isEqualTo(201);
        assertThat(call(me, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + visa.text("id"), null).status()).isEqualTo(409);
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/payment-methods/" + mastercard.text("id") + "/default", null)
                .body().path("isDefault").asBoolean()).isTrue();
        Reply list = call(me, HttpMethod.GET, "/api/billing/me/payment-methods", null);
        assertThat(list.body().findValuesAsString("last4")).containsExactly("4242", "4444");
        // the subscription names the card it started with: that one stays even when no longer the default
        assertThat(call(me, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + visa.text("id"), null).status()).isEqualTo(409);
        assertThat(call(token(UUID.randomUUID()), HttpMethod.POST, "/api/billing/me/payment-methods/" + visa.text("id") + "/default",
                null).status()).isEqualTo(404);
    }

    @Test
    void subscribingNeedsTheCurrentTermsAndACardThatPays() {
        UUID user = UUID.randomUUID();
        String me = token(user);
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_chargeDeclined"));
        Reply noTerms = subscribe(user, "basic");
        assertThat(noTerms.status()).isEqualTo(409);
        assertThat(noTerms.text("detail")).contains("terms");

        Reply terms = call(me, HttpMethod.GET, "/api/billing/terms", null);
        assertThat(call(me, HttpMethod.POST, "/api/billing/me/agreements", Map.of("version", terms.text("version"), "hash",
                "0".repeat(64))).status()).isEqualTo(400);
        Reply accepted = call(me, HttpMethod.POST, "/api/billing/me/agreements",
                Map.of("version", terms.text("version"), "hash", terms.text("hash")), h -> {
                    h.set("User-Agent", "BillingFeaturesIT/1");
                    h.set("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
                });
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.text("ipAddress")).isEqualTo("203.0.113.7");
        assertThat(accepted.text("userAgent")).isEqualTo("BillingFeaturesIT/1");
        assertThat(events("AgreementAccepted", accepted.text("id"))).hasSize(1);
        assertThat(subscribe(user, "platinum").status()).isEqualTo(400);

        Reply declined = subscribe(user, "basic");
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.text("code")).isEqualTo("card_declined");
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE user_id = '" + user + "'")).isZero();
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'failed' AND user_id = '" + user + "'")).isEqualTo(1);

        Reply card = call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"));
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods/" + card.text("id") + "/default", null);
        Reply active = subscribe(user, "basic");
        assertThat(active.status()).isEqualTo(201);
        assertThat(active.text("status")).isEqualTo("active");
        assertThat(active.body().path("priceMinor").asLong()).isEqualTo(999);
        assertThat(events("SubscriptionStarted", active.text("id"))).hasSize(1);
        String paymentId = db.sql("SELECT id::text FROM user_payments WHERE status = 'succeeded' AND subscription_id = :s")
                .bind("s", UUID.fromString(active.text("id"))).map(r -> r.get(0, String.class)).one().block();
        assertThat(events("PaymentSucceeded", paymentId)).singleElement().asString().contains("\"amount\": 9.99");
        assertThat(subscribe(user, "gold").status()).isEqualTo(409);
        assertThat(call(me, HttpMethod.GET, "/api/billing/me/subscriptions", null).body().findValuesAsString("id"))
                .containsExactly(active.text("id"));
        assertThat(call(me, HttpMethod.GET, "/api/billing/me/payments", null).body().findValuesAsString("status"))
                .containsExactlyInAnyOrder("succeeded", "failed");
        assertThat(call(token(UUID.randomUUID()), HttpMethod.GET, "/api/billing/me/subscriptions", null).body().size()).isZero();

        Reply trial = subscribe(member("tok_visa"), "gold");
        assertThat(trial.text("status")).isEqualTo("trialing");
        assertThat(Duration.between(Instant.parse(trial.text("currentPeriodStart")), Instant.parse(trial.text("currentPeriodEnd"))))
                .isEqualTo(Duration.ofDays(14));
    }

    @Test
    void twoSchedulerInstancesChargeEachDueSubscriptionOncePerPeriod() {
        int n = 12;
        UUID[] subs = new UUID[n];
        for (int i = 0; i < n; i++) {
            subs[i] = UUID.fromString(subscribe(member("tok_visa"), "gold").text("id"));
            makeDue(subs[i]);
        }
        // one changes plan (from the next period on), one ends at the period's end instead of being charged
        UUID changing = subs[0];
        UUID ending = subs[1];
        String owner0 = db.sql("SELECT user_id::text FROM user_subscriptions WHERE id = :id").bind("id", changing)
                .map(r -> r.get(0, String.class)).one().block();
        assertThat(call(token(UUID.fromString(owner0)), HttpMethod.POST, "/api/billing/me/subscriptions/" + changing + "/plan",
                Map.of("plan", "gold-yearly")).text("nextPlan")).isEqualTo("gold-yearly");
        String owner1 = db.sql("SELECT user_id::text FROM user_subscriptions WHERE id = :id").bind("id", ending)
                .map(r -> r.get(0, String.class)).one().block();
        assertThat(call(token(UUID.fromString(owner1)), HttpMethod.POST, "/api/billing/me/subscriptions/" + ending + "/cancel",
                Map.of("atPeriodEnd", true)).body().path("cancelAtPeriodEnd").asBoolean()).isTrue();

        try (ConfigurableApplicationContext second = secondInstance()) {
            Subscriptions other = second.getBean(Subscriptions.class);
            var both = Mono.zip(subscriptions.chargeDue().subscribeOn(Schedulers.boundedElastic()),
                    other.chargeDue().subscribeOn(Schedulers.boundedElastic())).block(Duration.ofSeconds(60));
            assertThat(both.getT1() + both.getT2()).isEqualTo(n);
            assertThat(subscriptions.chargeDue().block()).isZero();
        }
        for (UUID sub : subs) {
            long payments = count("SELECT count(*) FROM user_payments WHERE subscription_id = '" + sub + "'");
            assertThat(payments).as("payments of %s", sub).isEqualTo(sub.equals(ending) ? 0 : 1);
            assertThat(events("SubscriptionRenewed", sub)).hasSize(sub.equals(ending) ? 0 : 1);
        }
        assertThat(events("SubscriptionCancelled", ending)).hasSize(1);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'cancelled' AND id = '" + ending + "'")).isEqualTo(1);
        assertThat(count("SELECT price_minor FROM user_subscriptions WHERE id = '" + changing + "'")).isEqualTo(19900);
        assertThat(db.sql("SELECT billing_interval FROM user_subscriptions WHERE id = :id").bind("id", changing)
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("year");
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE status = 'active' AND id = '" + subs[2] + "'")).isEqualTo(1);
    }

    /** A second billing-service on the same database and broker, as a second replica would be. */
    ConfigurableApplicationContext secondInstance() {
        List<String> args = new java.util.ArrayList<>();
        for (String key : List.of("spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password", "spring.flyway.url",
                "spring.flyway.user", "spring.flyway.password", "spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "spring.kafka.bootstrap-servers",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "billing.tax-id.keys.new", "billing.tax-id.current-key", "billing.scheduler.first-run")) {
            args.add("--" + key + "=" + environment.getProperty(key));
        }
        args.add("--server.port=0");
        args.add("--spring.kafka.consumer.group-id=billing-service-second");
        // command-line arguments: they outrank application.yml, as the test's own properties do
        return new SpringApplicationBuilder(BillingApplication.class).run(args.toArray(String[]::new));
    }

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

    @Test
    void aNewVersionOfTheTermsMustBeAcceptedBeforeTheNextCharge() {
        UUID user = member("tok_visa");
        UUID sub = UUID.fromString(subscribe(user, "basic").text("id"));
        String version = "v-" + UUID.randomUUID().toString().substring(0, 8);
        Reply published = call(admin, HttpMethod.POST, "/api/billing/admin/terms", Map.of("version", version, "text", "New terms " + version));
        assertThat(published.status()).isEqualTo(201);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/admin/terms", Map.of("version", "x", "text", "y")).status())
                .isEqualTo(403);

        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(subscriptions.scheduleOf(sub).block().lastFailure()).isEqualTo("agreement_required");
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND subscription_id = '" + sub + "'")).isEqualTo(1);

        acceptTerms(user);
        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(subscriptions.scheduleOf(sub).block().attempt()).isZero();
        assertThat(count("SELECT count(*) FROM user_payments WHERE status = 'succeeded' AND subscription_id = '" + sub + "'")).isEqualTo(2);
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

    @Test
    void signedWebhooksSettleAPendingPaymentAndBadOnesAreRejectedAndAudited() {
        UUID user = member("tok_threeDSecureRequired");
        UUID sub = UUID.fromString(subscribe(user, "gold").text("id"));
        makeDue(sub);
        subscriptions.chargeDue().block();
        assertThat(subscriptions.scheduleOf(sub).block().lastFailure()).isEqualTo("authentication_required");
        Reply pending = call(token(user), HttpMethod.POST, "/api/billing/me/payments", Map.of("subscriptionId", sub.toString()),
                h -> h.set("Idempotency-Key", "3ds-1"));
        assertThat(pending.text("status")).isEqualTo("pending");
        assertThat(pending.text("nextAction")).isEqualTo("authenticate_with_provider");
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

    Reply webhook(String body, String signature) {
        return call(null, HttpMethod.POST, "/api/billing/webhooks/provider", body, h -> {
            h.setContentType(MediaType.APPLICATION_JSON);
            if (signature != null) {
                h.set("Provider-Signature", signature);
            }
        });
    }

    @Test
    void aTaxIdIsSealedRotatableAndOnlyItsLast4ComeBack() {
        UUID user = UUID.randomUUID();
        String me = token(user);
        assertThat(call(me, HttpMethod.GET, "/api/billing/me/tax-form", null).text("status")).isEqualTo("missing");
        Reply wrong = call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "DE", "taxId", "123456789"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").get(0).path("field").asString()).isEqualTo("country");
        assertThat(call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "US", "taxId", "12-345")).status()).isEqualTo(400);
        Reply submitted = call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "us", "taxId", "123-45-6789"));
        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.text("status")).isEqualTo("submitted");
        assertThat(submitted.text("taxIdLast4")).isEqualTo("6789");
        assertThat(submitted.body().toString()).doesNotContain("123456789").doesNotContain("123-45");
        byte[] sealed = sealedTaxId(user);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("123456789");
        assertThat(events("TaxFormSubmitted", user)).singleElement().asString().doesNotContain("123456789").doesNotContain("last4");

        Reply verified = call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/" + user + "/verify", null);
        assertThat(verified.text("status")).isEqualTo("verified");
        assertThat(call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/" + UUID.randomUUID() + "/verify", null).status())
                .isEqualTo(404);

        // a form sealed before the rotation, under the old key: re-sealed under the new one, same tax id inside
        UUID older = UUID.randomUUID();
        byte[] underOld = new KeyCipher(environment.getProperty("billing.tax-id.keys.old")).encrypt("987650001".getBytes(StandardCharsets.UTF_8));
        db.sql("""
                INSERT INTO tax_forms (user_id, kind, legal_name, country, tax_id_sealed, tax_id_key, tax_id_last4, status, submitted_at)
                VALUES (:u, 'W-9', 'Old Form', 'US', :sealed, 'old', '0001', 'submitted', now())""")
                .bind("u", older).bind("sealed", ByteBuffer.wrap(underOld)).then().block();
        Reply rotated = call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/rotate-key", null);
        assertThat(rotated.body().path("resealed").asLong()).isEqualTo(1);
        assertThat(db.sql("SELECT tax_id_key FROM tax_forms WHERE user_id = :u").bind("u", older).map(r -> r.get(0, String.class))
                .one().block()).isEqualTo("new");
        assertThat(new String(taxForms.reveal(new TaxForms.Sealed(older, sealedTaxId(older), "new")), StandardCharsets.UTF_8))
                .isEqualTo("987650001");
        assertThat(call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/rotate-key", null).body().path("resealed").asLong())
                .isZero();
    }

    byte[] sealedTaxId(UUID user) {
        ByteBuffer b = db.sql("SELECT tax_id_sealed FROM tax_forms WHERE user_id = :u").bind("u", user)
                .map(r -> r.get(0, ByteBuffer.class)).one().block();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

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

    @Test
    void neitherCardNumbersNorTaxIdsReachTheLogsOrTheEvents(CapturedOutput output) {
        String pan = "4000056655665556";
        String taxId = "078051120";
        UUID user = member("tok_visa");
        String me = token(user);
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", pan));
        call(me, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "4000-0566-5566-5556"));
        call(me, HttpMethod.PUT, "/api/billing/me/tax-form", Map.of("kind", "W-9", "legalName", "Test Person", "country", "US", "taxId", taxId));
        call(me, HttpMethod.PUT, "/api/billing/me/tax-form", Map.of("kind", "W-8BEN", "legalName", "Test Person", "country", "US",
                "taxId", taxId));
        subscribe(user, "basic");
        assertThat(count("SELECT count(*) FROM tax_forms WHERE user_id = '" + user + "'")).isEqualTo(1);

        // the service's JSON decoder logs every request body at DEBUG (on for this class): they were logged, masked
        String logs = output.getAll();
        assertThat(logs).contains("Decoded [").doesNotContain(pan).doesNotContain("4000-0566-5566-5556").doesNotContain(taxId);
        List<String> everything = db.sql("SELECT payload::text FROM outbox").map(r -> r.get(0, String.class)).all().collectList().block();
        assertThat(everything).isNotEmpty().noneMatch(p -> p.contains(pan) || p.contains("4000-0566") || p.contains(taxId));
        assertThat(count("SELECT count(*) FROM user_payment_methods WHERE provider_token LIKE '%5556%'")).isZero();
    }
}
