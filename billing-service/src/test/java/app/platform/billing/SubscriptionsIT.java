package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.billing.subscription.application.Subscriptions;
import app.platform.runtime.DevelopmentSecrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Subscribing (the current terms accepted, a card that pays, trials) and the scheduler: two instances charge each due
 * subscription once per period, plan changes and cancellations at the period's end included.
 */
class SubscriptionsIT extends BillingFeaturesBase {

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

    /**
     * Two subscribes of one member at once (a double click) charge once: the second waits for the first's
     * transaction, then finds its subscription. Shown with the member's lock held here while a live subscription is
     * inserted under it, and a card that is declined: a subscribe that charged before waiting answers 402 (and records
     * the failed charge) before this transaction ends; one that waits answers 409 once it does, and charges nothing.
     */
    @Test
    void aSecondSubscribeAtOnceWaitsForTheFirstAndChargesNothing() throws Exception {
        UUID user = member("tok_chargeDeclined");
        try (Connection first = DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"))) {
            first.setAutoCommit(false);
            first.createStatement().execute("SET search_path TO billing");
            first.createStatement().execute("SELECT pg_advisory_xact_lock(hashtextextended('billing.subscribe:" + user + "', 0))");
            first.createStatement().execute("INSERT INTO user_subscriptions (id, user_id, plan, price_minor, currency, "
                    + "billing_interval, status, current_period_end) VALUES (gen_random_uuid(), '" + user + "', 'basic', "
                    + "999, 'EUR', 'month', 'active', now() + interval '1 month')");
            CompletableFuture<Reply> second = CompletableFuture.supplyAsync(() -> subscribe(user, "basic"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> second.isDone() || count(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0);
            first.commit();
            Reply answer = second.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(409);
        }
        assertThat(count("SELECT count(*) FROM user_payments WHERE user_id = '" + user + "'")).isZero();
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
        return new SpringApplicationBuilder(BillingApplication.class).profiles(DevelopmentSecrets.PROFILE)
                .run(args.toArray(String[]::new));
    }
}
