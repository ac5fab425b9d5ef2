package app.platform.membership;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.billing.PaymentFailed;
import app.platform.events.billing.PaymentSucceeded;
import app.platform.events.billing.SubscriptionCancelled;
import app.platform.events.billing.SubscriptionStarted;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserUnbanned;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.membership.membership.application.MembershipLifecycle;
import app.platform.membership.payout.application.Payouts;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** Memberships driven by billing and identity events, the queue under concurrency, KYC, payouts and disputes. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"membership.payouts.first-run=PT24H", "membership.grace-period=PT1S", "spring.r2dbc.pool.max-size=20"})
class MembershipFeaturesIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());

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
    MembershipLifecycle lifecycle;
    @Autowired
    Payouts payouts;

    final String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");

    String token(UUID user) {
        return issuer.accessToken(user, user + "@example.com", "authenticated");
    }

    WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body) {
        var request = LocalWeb.client(port).method(method).uri(path).headers(h -> h.setBearerAuth(token));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }

    void publish(DomainEvent event) {
        kafka.publish(EventEnvelope.wrap(event, new EventMetadata("corr-m", "system"), Instant.now()));
    }

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    List<String> events(String aggregateId, String type) {
        List<String> payloads = db.sql("SELECT payload::text FROM outbox WHERE aggregateid = :id AND type = :type ORDER BY occurred_at")
                .bind("id", aggregateId).bind("type", type).map(r -> r.get(0, String.class)).all().collectList().block();
        payloads.forEach(EventSchemaValidator::assertValid);
        return payloads;
    }

    String status(UUID user) {
        return db.sql("SELECT status FROM user_memberships WHERE user_id = :u ORDER BY created_at DESC LIMIT 1")
                .bind("u", user).map(r -> r.get(0, String.class)).one().blockOptional().orElse("none");
    }

    /** A member whose subscription started (as billing says so), waited for until active. */
    UUID activeMember() {
        UUID user = UUID.randomUUID();
        publish(new SubscriptionStarted(UUID.randomUUID(), user, "gold", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("active"));
        return user;
    }

    @Test
    void billingAndIdentityDriveTheMembershipOncePerEvent() {
        UUID user = activeMember();
        // a second subscription of an active member (a plan switch) is applied to its one membership
        var again = EventEnvelope.wrap(new SubscriptionStarted(UUID.randomUUID(), user, "gold", Instant.now()),
                new EventMetadata("corr-m", "system"), Instant.now());
        kafka.publish(again);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + again.eventId() + "'") == 1);
        assertThat(count("SELECT count(*) FROM user_memberships WHERE user_id = '" + user + "'")).isEqualTo(1);
        UUID subscription = UUID.randomUUID();
        var banned = EventEnvelope.wrap(new UserBanned(user, null, Instant.now()), new EventMetadata("c", "admin"), Instant.now());
        kafka.publish(banned);
        kafka.publish(banned);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("paused"));
        publish(new UserUnbanned(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("active"));
        assertThat(events(user.toString(), "MembershipPaused")).hasSize(1);
        assertThat(events(user.toString(), "MembershipActivated")).hasSize(2)
                .anyMatch(p -> p.contains("subscription_started")).anyMatch(p -> p.contains("resumed"));

        // a failed payment made good in time changes nothing; one not made good lapses the membership
        publish(new PaymentFailed(UUID.randomUUID(), subscription, user, "card_declined", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM user_memberships WHERE user_id = '"
                + user + "' AND payment_failed_at IS NOT NULL") == 1);
        Instant paidAt = Instant.now();
        publish(new PaymentSucceeded(UUID.randomUUID(), subscription, user, new BigDecimal("9.99"), "EUR", paidAt));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM user_memberships WHERE user_id = '"
                + user + "' AND payment_failed_at IS NULL") == 1);
        // a failure older than that success, delivered after it (another payment, another partition), is stale
        var stale = EventEnvelope.wrap(new PaymentFailed(UUID.randomUUID(), subscription, user, "card_declined",
                paidAt.minusSeconds(60)), new EventMetadata("corr-stale", "system"), Instant.now());
        kafka.publish(stale);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + stale.eventId() + "'") == 1);
        assertThat(count("SELECT count(*) FROM user_memberships WHERE user_id = '" + user + "' AND payment_failed_at IS NULL"))
                .isEqualTo(1);
        publish(new PaymentFailed(UUID.randomUUID(), subscription, user, "card_declined", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM user_memberships WHERE user_id = '"
                + user + "' AND payment_failed_at IS NOT NULL") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> lifecycle.expireLapsed().block() >= 1); // past the 1 s grace
        assertThat(status(user)).isEqualTo("expired");
        assertThat(events(user.toString(), "MembershipExpired")).hasSize(1);
        // billing's retries outlast the grace period, and a past-due subscription can be paid later: paid after the
        // lapse, the subscription's membership comes back (a new one: the lapse stays on record)
        UUID lapsed = db.sql("SELECT subscription_id FROM user_memberships WHERE user_id = :u").bind("u", user)
                .map(r -> r.get(0, UUID.class)).one().block();
        publish(new PaymentSucceeded(UUID.randomUUID(), lapsed, user, new BigDecimal("9.99"), "EUR", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("active"));
        assertThat(count("SELECT count(*) FROM user_memberships WHERE user_id = '" + user + "'")).isEqualTo(2);
        assertThat(events(user.toString(), "MembershipActivated")).anyMatch(p -> p.contains("payment_succeeded"));
        // one the member cancelled stays cancelled, whatever is paid after
        publish(new SubscriptionCancelled(lapsed, user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("cancelled"));
        var late = EventEnvelope.wrap(new PaymentSucceeded(UUID.randomUUID(), lapsed, user, new BigDecimal("9.99"), "EUR",
                Instant.now()), new EventMetadata("corr-late", "system"), Instant.now());
        kafka.publish(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + late.eventId() + "'") == 1);
        assertThat(status(user)).isEqualTo("cancelled");

        UUID leaving = UUID.randomUUID();
        UUID itsSubscription = UUID.randomUUID();
        publish(new SubscriptionStarted(itsSubscription, leaving, "gold", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(leaving).equals("active"));
        publish(new SubscriptionCancelled(itsSubscription, leaving, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(leaving).equals("cancelled"));
        call(token(leaving), HttpMethod.GET, "/api/membership/memberships", null).expectStatus().isOk().expectBody()
                .jsonPath("$[0].status").isEqualTo("CANCELLED").jsonPath("$[0].cancelledAt").isNotEmpty();
    }

    /**
     * Billing's subscription events come in any order between two subscriptions: the new one's start before the old
     * one's cancellation. The membership follows its current subscription, and the old one's end cancels nothing.
     */
    @Test
    void theOldSubscriptionsCancellationArrivingAfterTheNewOneStartedCancelsNothing() {
        UUID user = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID renewed = UUID.randomUUID();
        publish(new SubscriptionStarted(old, user, "gold", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("active"));
        publish(new SubscriptionStarted(renewed, user, "gold", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM user_memberships WHERE user_id = '"
                + user + "' AND subscription_id = '" + renewed + "'") == 1);

        var late = EventEnvelope.wrap(new SubscriptionCancelled(old, user, Instant.now()), new EventMetadata("c", "system"),
                Instant.now());
        kafka.publish(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + late.eventId() + "'") == 1);
        assertThat(status(user)).isEqualTo("active");

        publish(new SubscriptionCancelled(renewed, user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(user).equals("cancelled"));
    }

    /**
     * A ban and a cancellation of one membership at once (two topics, two listeners) take turns: the ban, waiting
     * for the cancellation's transaction (held open here, as a slow listener would), then finds the membership over
     * and leaves it cancelled. It read the membership before the wait and wrote {@code paused} over the cancellation.
     */
    @Test
    void aBanWaitingForACancellationFindsTheMembershipOver(@Autowired Environment env) throws Exception {
        UUID user = activeMember();
        try (Connection cancelling = DriverManager.getConnection(env.getProperty("spring.flyway.url"),
                env.getProperty("spring.flyway.user"), env.getProperty("spring.flyway.password"))) {
            cancelling.setAutoCommit(false);
            cancelling.createStatement().execute("SET search_path TO membership");
            cancelling.createStatement().execute("UPDATE user_memberships SET status = 'cancelled', cancelled_at = now() "
                    + "WHERE user_id = '" + user + "'");
            var ban = EventEnvelope.wrap(new UserBanned(user, null, Instant.now()), new EventMetadata("c", "admin"), Instant.now());
            kafka.publish(ban);
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                    + ban.eventId() + "'") == 1 || count("SELECT count(*) FROM pg_locks WHERE NOT granted") > 0);
            cancelling.commit();
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '"
                    + ban.eventId() + "'") == 1);
        }
        assertThat(status(user)).isEqualTo("cancelled");
        assertThat(events(user.toString(), "MembershipPaused")).isEmpty();
    }

    @Test
    void twoHundredConcurrentJoinsGetPositionsOneToTwoHundredAndLeavesKeepThemDense() {
        db.sql("DELETE FROM membership_queue").then().block();
        List<UUID> members = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        for (UUID m : members) {
            db.sql("INSERT INTO user_memberships (id, user_id, plan, status) VALUES (gen_random_uuid(), :u, 'gold', 'active')")
                    .bind("u", m).then().block();
        }
        WebClient web = WebClient.builder().baseUrl("http://localhost:" + port).build();
        List<Integer> statuses = Flux.fromIterable(members)
                .flatMap(m -> web.post().uri("/api/membership/me/queue").headers(h -> h.setBearerAuth(token(m)))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 200)
                .collectList().block(Duration.ofMinutes(2));
        assertThat(statuses).hasSize(200).containsOnly(201);
        assertDense(200);

        // someone not active cannot join; nobody joins twice
        call(token(UUID.randomUUID()), HttpMethod.POST, "/api/membership/me/queue", null).expectStatus().isEqualTo(409);
        call(token(members.getFirst()), HttpMethod.POST, "/api/membership/me/queue", null).expectStatus().isEqualTo(409);

        // 100 leave while 50 new members join, all at once
        List<UUID> newcomers = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();
        for (UUID m : newcomers) {
            db.sql("INSERT INTO user_memberships (id, user_id, plan, status) VALUES (gen_random_uuid(), :u, 'gold', 'active')")
                    .bind("u", m).then().block();
        }
        List<reactor.core.publisher.Mono<Integer>> calls = new ArrayList<>();
        members.subList(0, 100).forEach(m -> calls.add(web.delete().uri("/api/membership/me/queue")
                .headers(h -> h.setBearerAuth(token(m))).exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))));
        newcomers.forEach(m -> calls.add(web.post().uri("/api/membership/me/queue")
                .headers(h -> h.setBearerAuth(token(m))).exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))));
        assertThat(Flux.merge(Flux.fromIterable(calls), 150).collectList().block(Duration.ofMinutes(2)))
                .hasSize(150).allMatch(s -> s == 201 || s == 204);
        assertDense(150);

        // an operator moves the last one to the front, with a reason; the member sees their place and an estimate
        UUID last = newcomers.getLast();
        int from = ((Number) json(call(token(last), HttpMethod.GET, "/api/membership/me/queue", null)).get("position")).intValue();
        call(admin, HttpMethod.POST, "/api/membership/admin/queue/" + last + "/move", Map.of("position", 1))
                .expectStatus().isBadRequest();
        call(token(last), HttpMethod.POST, "/api/membership/admin/queue/" + last + "/move",
                Map.of("position", 1, "reason", "mine")).expectStatus().isForbidden();
        call(admin, HttpMethod.POST, "/api/membership/admin/queue/" + last + "/move",
                Map.of("position", 1, "reason", "hardship case approved by the board")).expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(1).jsonPath("$.estimatedPayoutDate").isNotEmpty();
        assertDense(150);
        assertThat(events(last.toString(), "QueuePositionChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("hardship").contains("\"from\": " + from));
    }

    @Test
    void kycPayoutsAndDisputesFollowTheRules() {
        db.sql("DELETE FROM membership_queue").then().block();
        UUID member = activeMember();
        String me = token(member);
        call(me, HttpMethod.POST, "/api/membership/me/queue", null).expectStatus().isCreated();

        // not verified yet: the scheduler passes them over
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/schedule", null).expectStatus().isNoContent();

        call(me, HttpMethod.POST, "/api/membership/me/kyc", Map.of("documents", List.of(Map.of("type", "passport",
                "country", "DE", "reference", "docs://passport-123456789")))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("documents.reference");
        call(me, HttpMethod.POST, "/api/membership/me/kyc", Map.of("documents", List.of(Map.of("type", "passport",
                "country", "DE", "reference", "docs://k3f9-a81c-passport")))).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SUBMITTED");
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/approve", null).expectStatus().isEqualTo(409);
        call(me, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/review", null).expectStatus().isForbidden();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/review", null).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/reject", Map.of("reason", "unreadable"))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REJECTED");
        call(me, HttpMethod.POST, "/api/membership/me/kyc", Map.of("documents", List.of(Map.of("type", "national_id",
                "country", "DE", "reference", "docs://z9y8-x7w6-id")))).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/review", null).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/approve", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.expiresAt").isNotEmpty();
        assertThat(events(member.toString(), "KycSubmitted")).hasSize(2).noneMatch(p -> p.contains("docs://"));

        // eligible now; a payout scheduled a day ago (by another replica's timer): this replica's timer schedules none
        UUID earlier = UUID.randomUUID();
        db.sql("""
                INSERT INTO payout_management (id, user_id, amount, currency, status, scheduled_for)
                VALUES (:id, gen_random_uuid(), 100, 'EUR', 'cancelled', now() - interval '1 day')""").bind("id", earlier)
                .then().block();
        assertThat(payouts.scheduleOnCadence().blockOptional()).isEmpty();
        // a cadence later it does: scheduled, approved, paid once even when asked twice; paid out, the member leaves
        db.sql("UPDATE payout_management SET scheduled_for = now() - interval '8 days' WHERE id = :id").bind("id", earlier)
                .then().block();
        Payouts.Payout scheduled = payouts.scheduleOnCadence().block();
        assertThat(scheduled.userId()).isEqualTo(member);
        assertThat(scheduled.currency()).isEqualTo("EUR");
        String payoutId = scheduled.id().toString();
        db.sql("DELETE FROM payout_management WHERE id = :id").bind("id", earlier).then().block();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/schedule", null).expectStatus().isNoContent();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/pay", null).expectStatus().isEqualTo(409);

        // a dispute blocks the payout until it is resolved
        Map<String, Object> dispute = json(call(me, HttpMethod.POST, "/api/membership/me/disputes", Map.of("subjectType",
                "payout", "subjectId", payoutId, "message", "The amount is wrong")).expectStatus().isCreated());
        call(token(UUID.randomUUID()), HttpMethod.POST, "/api/membership/me/disputes", Map.of("subjectType", "payout",
                "subjectId", payoutId, "message", "not mine")).expectStatus().isNotFound();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/approve", null).expectStatus().isEqualTo(409);
        call(admin, HttpMethod.POST, "/api/membership/admin/disputes/" + dispute.get("id") + "/messages",
                Map.of("message", "The amount follows the plan", "evidence", "docs://plan-terms-2026")).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/disputes/" + dispute.get("id") + "/resolve",
                Map.of("resolution", "resolved_operator")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RESOLVED_OPERATOR").jsonPath("$.messages.length()").isEqualTo(2);
        call(me, HttpMethod.POST, "/api/membership/me/disputes/" + dispute.get("id") + "/withdraw", null).expectStatus().isEqualTo(409);
        call(me, HttpMethod.POST, "/api/membership/me/disputes/" + dispute.get("id") + "/messages",
                Map.of("message", "One more thing")).expectStatus().isEqualTo(409);

        // a member whose last payment failed (in the grace period before the membership lapses) waits until it is made
        // good: a payout is money the platform pays out, not owed to someone who is not paying in
        db.sql("UPDATE user_memberships SET payment_failed_at = now() WHERE user_id = :id").bind("id", member).then().block();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/approve", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("last payment failed"));
        db.sql("UPDATE user_memberships SET payment_failed_at = NULL WHERE user_id = :id").bind("id", member).then().block();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/approve", null).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/pay", null).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PAID");
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/pay", null).expectStatus().isOk();
        assertThat(events(payoutId, "PayoutPaid")).singleElement().satisfies(p -> assertThat(p).contains("100"));
        assertThat(count("SELECT count(*) FROM membership_queue WHERE user_id = '" + member + "'")).isZero();
        assertThat(events(member.toString(), "QueueLeft")).singleElement().satisfies(p -> assertThat(p).contains("paid_out"));
        call(me, HttpMethod.GET, "/api/membership/me/payouts", null).expectBody().jsonPath("$[0].status").isEqualTo("PAID");
        call(me, HttpMethod.POST, "/api/membership/admin/payouts/" + payoutId + "/cancel", null).expectStatus().isForbidden();

        // an approval past its expiry is listed as expired, not approved
        db.sql("UPDATE kyc_verification SET expires_at = now() - interval '1 day' WHERE user_id = :u").bind("u", member)
                .then().block();
        call(admin, HttpMethod.GET, "/api/membership/admin/kyc?status=expired", null).expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.userId == '" + member + "')].status").isEqualTo("EXPIRED");
        call(admin, HttpMethod.GET, "/api/membership/admin/kyc?status=approved", null).expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.userId == '" + member + "')]").doesNotExist();
    }

    private void assertDense(int size) {
        List<Integer> positions = db.sql("SELECT position FROM membership_queue ORDER BY position")
                .map(r -> r.get(0, Integer.class)).all().collectList().block();
        assertThat(positions).containsExactlyElementsOf(IntStream.rangeClosed(1, size).boxed().toList());
    }
}
