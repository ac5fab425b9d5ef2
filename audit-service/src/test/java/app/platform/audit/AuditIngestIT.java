package app.platform.audit;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.platform.audit.log.adapter.in.messaging.AllDomainEvents;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.billing.TransactionFlagged;
import app.platform.events.identity.UserRegistered;
import app.platform.events.profile.AppUserCreated;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every event chained once into the system chain and, when it is about a user, into that user's chain; the tables
 * refuse change and removal; a row edited behind the service's back is named by the verification; operators
 * search (JSON, CSV) and users read their own history.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditIngestIT {

    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final TestTokenIssuer issuer = new TestTokenIssuer();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void close() {
        kafka.close();
        issuer.close();
    }

    @Autowired
    DatabaseClient db;
    @Autowired
    AllDomainEvents listener;
    @LocalServerPort
    int port;

    WebTestClient.ResponseSpec get(String token, String path) {
        return LocalWeb.client(port).get().uri(path).headers(h -> h.setBearerAuth(token)).exchange();
    }

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void everyEventIsChainedOnceTheLogIsAppendOnlyAndAnEditIsNamed() {
        UUID user = UUID.randomUUID();
        var meta = new EventMetadata("corr-audit-1", "user:" + user);
        EventEnvelope registered = EventEnvelope.wrap(
                new UserRegistered(user, "a@example.com", false, "password", false, Instant.now()), meta, Instant.now());
        EventEnvelope created = EventEnvelope.wrap(new AppUserCreated(user, user, "Pending", "registered"), meta, Instant.now());
        kafka.publish(registered);
        kafka.publish(created);
        kafka.publish(registered);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM user_audit_logs WHERE user_id = '"
                + user + "'") == 2);
        assertThat(count("SELECT count(*) FROM system_audit_logs WHERE correlation_id = 'corr-audit-1'")).isEqualTo(2);
        // the declared policy keeps the address out of the log
        String data = db.sql("SELECT data FROM system_audit_logs WHERE event_type = 'UserRegistered' AND aggregate_id = :id")
                .bind("id", user.toString()).map(r -> r.get(0, String.class)).one().block();
        assertThat(data).doesNotContain("a@example.com").contains("[redacted]").contains(user.toString());

        // operators search by correlation id, as JSON and CSV; a member may not
        String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
        String member = issuer.accessToken(user, "a@example.com", "authenticated");
        get(admin, "/api/audit/admin/logs?correlationId=corr-audit-1").expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2).jsonPath("$[0].correlationId").isEqualTo("corr-audit-1");
        String csv = LocalWeb.client(port).get()
                .uri("/api/audit/admin/logs?type=UserRegistered&correlationId=corr-audit-1")
                .headers(h -> h.setBearerAuth(admin)).header("Accept", "text/csv").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines()).hasSize(2).first().asString().startsWith("id,event_id,event_type");
        assertThat(csv).contains("\"UserRegistered\"");
        get(member, "/api/audit/admin/logs").expectStatus().isForbidden();
        // the user reads their own history, and only theirs
        get(member, "/api/audit/me/logs").expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);
        get(issuer.accessToken(UUID.randomUUID(), "b@example.com", "authenticated"), "/api/audit/me/logs")
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        // billing's fraud alert about the member is in their chain, for operators: the member does not see it
        kafka.publish(EventEnvelope.wrap(new TransactionFlagged(UUID.randomUUID(), user, "payment", UUID.randomUUID(),
                "velocity", "high", Instant.now()), new EventMetadata("corr-audit-flag", "service:billing"), Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM user_audit_logs WHERE user_id = '"
                + user + "'") == 3);
        get(member, "/api/audit/me/logs").expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[?(@.eventType == 'TransactionFlagged')]").doesNotExist();
        get(admin, "/api/audit/admin/logs?user=" + user + "&type=TransactionFlagged").expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1);

        // append-only, even for the service's own role
        for (String change : List.of("UPDATE system_audit_logs SET actor = 'x'", "DELETE FROM system_audit_logs",
                "TRUNCATE system_audit_logs", "UPDATE user_audit_logs SET actor = 'x'", "DELETE FROM user_audit_logs")) {
            assertThatThrownBy(() -> db.sql(change).then().block()).as(change).hasMessageContaining("append-only");
        }
        get(admin, "/api/audit/admin/verify").expectStatus().isOk().expectBody()
                .jsonPath("$.systemFirstBrokenLink").doesNotExist().jsonPath("$.intact").isEqualTo(true);

        // someone with the database's superuser edits a row around the guard: the verification names that row
        long edited = db.sql("SELECT id FROM system_audit_logs WHERE correlation_id = 'corr-audit-1' ORDER BY id DESC LIMIT 1")
                .map(r -> r.get(0, Long.class)).one().block();
        db.sql("SET session_replication_role = replica; UPDATE system_audit_logs SET actor = 'someone-else' WHERE id = "
                + edited + "; SET session_replication_role = origin").then().block();
        get(admin, "/api/audit/admin/verify").expectStatus().isOk().expectBody()
                .jsonPath("$.systemFirstBrokenLink").isEqualTo((int) edited).jsonPath("$.intact").isEqualTo(false);
    }

    @Test
    void awkwardValuesAreStoredAsTheyWereHashed() {
        // what the binary COPY must carry exactly: quotes, separators, a line break, a backslash, a tab, non-Latin
        // text, NULLs (no address; the user chain's first row has no previous hash), and a time before PostgreSQL's epoch (2000) with nanoseconds (stored to the microsecond)
        String correlation = "corr \"quoted\", comma\nline \\ back\ttab é 😀";
        Instant at = Instant.parse("1999-12-31T23:59:59.123456789Z");
        UUID user = UUID.randomUUID();
        EventEnvelope event = EventEnvelope.wrap(new AppUserCreated(user, user, "Pending", "registered"),
                new EventMetadata(correlation, "user:" + user), at);
        kafka.publish(event);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM user_audit_logs WHERE event_id = '"
                + event.eventId() + "'") == 1);
        for (String table : List.of("system_audit_logs", "user_audit_logs")) {
            var row = db.sql("SELECT correlation_id, ip_address, prev_hash, occurred_at FROM " + table + " WHERE event_id = :id")
                    .bind("id", event.eventId()).fetch().one().block();
            assertThat(row.get("correlation_id")).as(table).isEqualTo(correlation);
            assertThat(row.get("ip_address")).as(table).isNull();
            if (table.equals("user_audit_logs")) {
                assertThat(row.get("prev_hash")).isNull();
            }
            assertThat(((java.time.OffsetDateTime) row.get("occurred_at")).toInstant()).as(table)
                    .isEqualTo(Instant.parse("1999-12-31T23:59:59.123456Z"));
        }
        // the user's chain (this one row) verifies: its stored values hash as they were hashed before the COPY (the
        // system chain's verdict is not asserted: another test here breaks that chain on purpose)
        get(issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin"), "/api/audit/admin/verify").expectStatus()
                .isOk().expectBody().jsonPath("$.users").value(n -> assertThat((Integer) n).isPositive())
                .jsonPath("$.userFirstBrokenLinks['" + user + "']").doesNotExist();
    }

    @Test
    void anEventTheLogCannotHoldIsNamedAloneAndTheEventsBeforeItAreAudited() {
        // one poll's records handed to the listener as the container does: the middle event's aggregate id is longer
        // than its column, so the batch's one COPY fails; only that event is named to the error handler (which
        // dead-letters it and hands the ones after it again), not the whole poll
        var meta = new EventMetadata("corr-too-long", "system");
        EventEnvelope first = EventEnvelope.wrap(new AppUserCreated(UUID.randomUUID(), UUID.randomUUID(), "Pending", "registered"), meta, Instant.now());
        UUID tooLongUser = UUID.randomUUID();
        EventEnvelope tooLong = EventEnvelope.wrap(new AppUserCreated(tooLongUser, tooLongUser, "Pending", "registered"), meta, Instant.now());
        EventEnvelope last = EventEnvelope.wrap(new AppUserCreated(UUID.randomUUID(), UUID.randomUUID(), "Pending", "registered"), meta, Instant.now());
        String tooLongJson = app.platform.events.EventJson.write(tooLong)
                .replace("\"aggregateId\":\"" + tooLongUser + "\"", "\"aggregateId\":\"" + "x".repeat(300) + "\"");
        assertThat(tooLongJson).contains("x".repeat(300));

        assertThatThrownBy(() -> listener.on(List.of(app.platform.events.EventJson.write(first), tooLongJson,
                app.platform.events.EventJson.write(last))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(count("SELECT count(*) FROM system_audit_logs WHERE event_id = '" + first.eventId() + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM system_audit_logs WHERE event_id IN ('" + tooLong.eventId() + "', '"
                + last.eventId() + "')")).isZero();
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheBatchAroundItIsAudited() {
        String topic = "auditit.garbage.events";
        var meta = new EventMetadata("corr-garbage", "system");
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        EventEnvelope first = EventEnvelope.wrap(new UserRegistered(before, "x@example.com", false, "password", false, Instant.now()), meta, Instant.now());
        EventEnvelope last = EventEnvelope.wrap(new UserRegistered(after, "y@example.com", false, "password", false, Instant.now()), meta, Instant.now());
        kafka.send(topic, "k", app.platform.events.EventJson.write(first), first.eventType());
        kafka.send(topic, "k", "this is not an event", null);
        kafka.send(topic, "k", app.platform.events.EventJson.write(last), last.eventType());
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM system_audit_logs WHERE event_id IN ('"
                + first.eventId() + "', '" + last.eventId() + "')") == 2);
        var dead = kafka.readUntil(java.util.regex.Pattern.compile("auditit\\.garbage\\.events\\.dlt"), seen -> !seen.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(dead).singleElement().extracting(r -> r.value()).isEqualTo("this is not an event");
    }
}
