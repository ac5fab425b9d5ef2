package app.platform.profile;

import app.platform.testkit.LocalWeb;
import static app.platform.testkit.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.events.identity.UserUnbanned;
import app.platform.outbox.OutboxPruner;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import com.nimbusds.jose.JOSEObjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppUserFromIdentityIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("platform.events.retry.initial-interval-ms", () -> "50");
        // the relay's slot and publication as an operator renames them, in the relay's own variables
        registry.add("RELAY_OUTBOX_SLOT", () -> "renamed_relay");
        registry.add("RELAY_OUTBOX_PUBLICATION", () -> "renamed_relay");
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

    WebTestClient web() {
        return LocalWeb.client(port);
    }

    @Test
    void aRegisteredUserGetsAnAppUserOnceEvenWhenTheEventIsDeliveredTwice() {
        UUID userId = UUID.randomUUID();
        EventEnvelope registered = EventEnvelope.wrap(
                new UserRegistered(userId, "lin@example.com", false, "password", false, Instant.now()),
                new EventMetadata("corr-profile-1", "user:" + userId), Instant.now());

        kafka.publish(registered);
        kafka.publish(registered);

        String token = issuer.accessToken(userId, "lin@example.com", "authenticated");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> web().get().uri("/api/profile/me")
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.authUserId").isEqualTo(userId.toString())
                .jsonPath("$.status").isEqualTo("Pending")
                .jsonPath("$.profile.timeZone").isEqualTo("UTC"));

        // a third delivery after the first two were applied: still one app user and one event
        kafka.publish(registered);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM processed_event WHERE event_id = '" + registered.eventId() + "'") == 1);
        assertThat(count("SELECT count(*) FROM users WHERE auth_user_id = '" + userId + "'")).isEqualTo(1);
        // an empty profile and each settings category's defaults, made with the app user, once
        for (String table : List.of("user_profiles", "user_settings", "user_security_settings",
                "user_notification_preferences", "user_payment_settings", "user_privacy_settings", "user_appearance_settings")) {
            assertThat(count("SELECT count(*) FROM " + table + " t JOIN users u ON u.id = t.user_id WHERE u.auth_user_id = '"
                    + userId + "'")).as(table).isEqualTo(1);
        }
        String outbox = db.sql("SELECT payload::text FROM outbox WHERE type = 'AppUserCreated' AND aggregateid = :id")
                .bind("id", userId.toString()).map(r -> r.get(0, String.class)).all().single().block();
        EventSchemaValidator.assertValid(outbox);
        assertThat(EventJson.read(outbox).correlationId()).isEqualTo("corr-profile-1");
    }

    @Test
    void theStatusFollowsVerificationAndBansInOrderOncePerEvent() {
        UUID userId = UUID.randomUUID();
        var meta = new EventMetadata("corr-status", "user:" + userId);
        Instant now = Instant.now();
        kafka.publish(EventEnvelope.wrap(new UserRegistered(userId, "st@example.com", false, "password", false, now), meta, now));
        EventEnvelope verified = EventEnvelope.wrap(new UserEmailVerified(userId, now), meta, now);
        kafka.publish(verified);
        kafka.publish(verified);
        kafka.publish(EventEnvelope.wrap(new UserBanned(userId, now.plusSeconds(3600), now), meta, now));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM users WHERE auth_user_id = '" + userId + "' AND status = 'Suspended' AND email_verified") == 1);
        kafka.publish(EventEnvelope.wrap(new UserUnbanned(userId, now), meta, now));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM users WHERE auth_user_id = '" + userId + "' AND status = 'Active'") == 1);

        var changes = db.sql("SELECT payload::text FROM outbox WHERE type = 'AppUserStatusChanged' AND aggregateid = :id ORDER BY occurred_at")
                .bind("id", userId.toString()).map(r -> r.get(0, String.class)).all().collectList().block();
        assertThat(changes).hasSize(3).allSatisfy(EventSchemaValidator::assertValid);
        assertThat(changes).extracting(c -> EventJson.read(c).data().get("to").asString())
                .containsExactly("Active", "Suspended", "Active");
    }

    /** A changed address is kept, verified (a pending user becomes active); an event delivered again changes nothing. */
    @Test
    void aChangedAddressIsKeptVerifiedOncePerEvent() {
        UUID userId = UUID.randomUUID();
        var meta = new EventMetadata("corr-email", "user:" + userId);
        Instant now = Instant.now();
        kafka.publish(EventEnvelope.wrap(new UserRegistered(userId, "first@example.com", false, "password", false, now),
                meta, now));
        EventEnvelope toSecond = EventEnvelope.wrap(new UserEmailChanged(userId, "second@example.com", now), meta, now);
        kafka.publish(toSecond);
        kafka.publish(toSecond);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE auth_user_id = '"
                + userId + "' AND email = 'second@example.com' AND email_verified AND status = 'Active'") == 1);

        // a later change, then the earlier one delivered again, then a ban: once the ban is applied (the same key,
        // so in order), the earlier event has been seen, and skipped
        Instant later = now.plusSeconds(60);
        kafka.publish(EventEnvelope.wrap(new UserEmailChanged(userId, "third@example.com", later), meta, later));
        kafka.publish(toSecond);
        kafka.publish(EventEnvelope.wrap(new UserBanned(userId, later.plusSeconds(3600), later), meta, later));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM users WHERE auth_user_id = '" + userId + "' AND status = 'Suspended'") == 1);

        assertThat(db.sql("SELECT email FROM users WHERE auth_user_id = :id").bind("id", userId)
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("third@example.com");
        assertThat(count("SELECT count(*) FROM processed_event WHERE event_id = '" + toSecond.eventId() + "'")).isEqualTo(1);
        var changes = db.sql("SELECT payload::text FROM outbox WHERE type = 'AppUserStatusChanged' AND aggregateid = :id ORDER BY occurred_at")
                .bind("id", userId.toString()).map(r -> r.get(0, String.class)).all().collectList().block();
        assertThat(changes).allSatisfy(EventSchemaValidator::assertValid)
                .extracting(c -> EventJson.read(c).data().get("reason").asString())
                .containsExactly("email_verified", "banned");
    }

    @Test
    void outboxRowsArePrunedOnlyWhenOlderThanTheRetention(@Autowired OutboxPruner pruner) {
        String insert = "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at) "
                + "VALUES (gen_random_uuid(), 'profile.user', :id, 'AppUserCreated', '{}', now() - make_interval(days => :days))";
        db.sql(insert).bind("id", "old-row").bind("days", 8).then().block();
        db.sql(insert).bind("id", "recent-row").bind("days", 6).then().block();
        try {
            assertThat(pruner.prune()).as("no relay slot: nothing is known to be relayed").isZero();
            db.sql("CREATE PUBLICATION renamed_relay FOR TABLE outbox").then().block();
            db.sql("SELECT pg_create_logical_replication_slot('renamed_relay', 'pgoutput')").then().block();
            assertThat(pruner.prune()).as("the slot has not passed a mark yet").isZero();
            // the slot advances as far as the WAL is flushed: the relay's confirmations come over time
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                db.sql("SELECT pg_replication_slot_advance('renamed_relay', pg_current_wal_lsn())").then().block();
                return pruner.prune() >= 1L;
            });
            assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = 'old-row'")).isZero();
            assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = 'recent-row'")).isEqualTo(1);
        } finally {
            db.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'renamed_relay'")
                    .then().block();
            db.sql("DROP PUBLICATION IF EXISTS renamed_relay").then().block();
        }
    }

    /** Identity's access tokens only (RFC 9068): a token signed by its key is not enough. */
    @Test
    void meRefusesAnIdTokenAndATokenOfAnotherTypeIssuerOrAudience() {
        UUID userId = UUID.randomUUID();
        String email = "typed@example.com";
        Map<String, String> refused = Map.of(
                "an ID token", issuer.idToken(userId, "web"),
                "typ JWT", issuer.sign(JOSEObjectType.JWT, issuer.userClaims(userId, email, "authenticated").build()),
                "another issuer", issuer.sign(TestTokenIssuer.ACCESS_TOKEN,
                        issuer.userClaims(userId, email, "authenticated").issuer("https://elsewhere.example").build()),
                "another audience", issuer.sign(TestTokenIssuer.ACCESS_TOKEN,
                        issuer.userClaims(userId, email, "authenticated").audience(List.of("web")).build()));
        refused.forEach((what, token) -> web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().value(status -> assertThat(status).as(what).isEqualTo(401)));
        // the same user's access token is taken (no app user yet: 404)
        String access = issuer.accessToken(userId, email, "authenticated");
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(access)).exchange().expectStatus().isNotFound();
    }

    @Test
    void meNeedsAValidTokenAndNeverShowsSomeoneElse() {
        web().get().uri("/api/profile/me").exchange().expectStatus().isUnauthorized();
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth("not-a-jwt")).exchange()
                .expectStatus().isUnauthorized();
        String stranger = issuer.accessToken(UUID.randomUUID(), "nobody@example.com", "authenticated");
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(stranger)).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
    }

    @Test
    void aServiceHasNoSignOutPageToRedirectTo() {
        // a bearer-token API signs nobody out: POST /logout is denied like any path outside /api, never redirected
        String access = issuer.accessToken(UUID.randomUUID(), "nobody@example.com", "authenticated");
        web().post().uri("/logout").headers(h -> h.setBearerAuth(access)).exchange()
                .expectStatus().isForbidden().expectHeader().doesNotExist("Location");
        web().post().uri("/logout").exchange().expectStatus().isUnauthorized().expectHeader().doesNotExist("Location");
    }

    @Test
    void aServicesTokenBelongsToNoUserSoMeIsA403Problem() {
        problem(web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(issuer.serviceToken())).exchange(), 403)
                .jsonPath("$.title").isEqualTo("Not allowed")
                .jsonPath("$.detail").isEqualTo("This token does not belong to a user.");
    }

    @Test
    void aMessageThatCanNeverBeProcessedGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        String key = "poison-" + UUID.randomUUID();
        kafka.send(Topics.IDENTITY_USER, key, "{this is not an event", "UserRegistered");
        var dead = kafka.readUntil(Pattern.compile(Pattern.quote(Topics.deadLetter(Topics.IDENTITY_USER))),
                seen -> seen.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(30));
        assertThat(dead).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(key);
            // the failure's type, never its message (a driver's names a row's values)
            assertThat(java.util.stream.Stream.of("kafka_dlt-exception-fqcn", "kafka_dlt-exception-cause-fqcn")
                    .map(h -> r.headers().lastHeader(h)).filter(java.util.Objects::nonNull)
                    .map(h -> new String(h.value()))).anySatisfy(type -> assertThat(type).endsWith("MalformedEvent"));
            assertThat(r.headers().lastHeader("kafka_dlt-exception-message")).isNull();
        });

        UUID after = UUID.randomUUID();
        kafka.publish(EventEnvelope.wrap(new UserRegistered(after, "after@example.com", true, "password", false,
                Instant.now()), new EventMetadata(null, null), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM users WHERE auth_user_id = '" + after + "' AND status = 'Active'") == 1);
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }
}
