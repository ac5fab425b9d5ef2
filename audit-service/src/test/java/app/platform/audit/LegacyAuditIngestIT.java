package app.platform.audit;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.LegacyChanges;
import app.platform.testkit.LegacyImportFixture;
import java.util.Map;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The legacy audit logs as cdc-relay captures them (change records: op, before, after): each row audited once in
 * the chains, its original time and its address and user agent kept; an update of a legacy row followed as a revision
 * of its entry, a delete as a tombstone, every version kept in the chain. What the log holds of each legacy table (each
 * row's latest entry), said in its columns, is the legacy table as it is, and a column the importer loses is named
 * until the row's next change. The tests share the database and run in order (the first one counts every legacy entry).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "audit.legacy-import.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyAuditIngestIT {

    static final LegacyImportFixture legacy = new LegacyImportFixture("audit", "legacy-audit-it");
    static final KafkaTestClient kafka = legacy.kafka();
    static final TestTokenIssuer issuer = legacy.issuer();
    static final String SYSTEM = legacy.topic("public.system_audit_logs");
    static final String USER = legacy.topic("public.user_audit_logs");
    static final String SYSTEM_LOGS = "public.system_audit_logs";
    static final String USER_LOGS = "public.user_audit_logs";

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        legacy.register(registry); // the issuer, and audit.legacy-import.topic-prefix=legacy-audit-it
    }

    @AfterAll
    static void close() {
        legacy.close();
    }

    @Autowired
    DatabaseClient db;
    @LocalServerPort
    int port;

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    static String systemRow(String op, int id, String action) {
        return systemRow(op, id, action, "public.users");
    }

    static String systemRow(String op, int id, String action, String target) {
        return LegacyChanges.change("public.system_audit_logs", op, Map.of("id", id, "action", action, "actor_id", "actor-" + id,
                "target", target, "details", "{\"n\": " + id + "}", "created_at", "2025-03-%02dT10:00:00Z".formatted(id)));
    }

    /** The id of the entry a legacy row is first audited as: a name UUID of its aggregate type and its id. */
    static UUID firstEntry(String table, Object id) {
        return UUID.nameUUIDFromBytes(("legacy." + table + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void legacyAuditRowsAreChainedOnceWithTheirOriginalTimeAndWhereTheyCameFrom() {
        UUID user = UUID.randomUUID();
        kafka.send(SYSTEM, "1", systemRow("r", 1, "user.login"), null);
        kafka.send(SYSTEM, "2", systemRow("r", 2, "kyc.review"), null);
        kafka.send(SYSTEM, "3", systemRow("c", 3, "payout.schedule"), null);
        kafka.send(SYSTEM, "1", systemRow("r", 1, "user.login"), null);        // a re-snapshot: audited once
        kafka.send(SYSTEM, "2", systemRow("u", 2, "kyc.rewritten"), null);    // rewritten: a revision of its entry
        kafka.send(SYSTEM, "3", systemRow("d", 3, "payout.schedule"), null);  // deleted: a tombstone
        // a member's row names the legacy app user; its chain is the identity user's, learnt from public.users
        UUID legacyAppUser = UUID.randomUUID();
        kafka.send(USER, "7", LegacyChanges.change("public.user_audit_logs", "r", Map.of("id", 7, "user_id", legacyAppUser.toString(),
                "action", "sign_in", "ip_address", "203.0.113.7", "user_agent", "Mozilla/5.0 (demo)",
                "created_at", "2024-12-24T08:30:00.123456Z")), null);
        kafka.send(legacy.topic("public.users"), "u", LegacyChanges.change("public.users", "r", Map.of("id", legacyAppUser.toString(),
                "auth_user_id", user.toString(), "email", "legacy@example.com", "status", "active")), null);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM user_audit_logs WHERE user_id = '" + user + "'") == 1
                && count("SELECT count(*) FROM system_audit_logs WHERE event_type LIKE 'Legacy:%'") == 5
                && count("SELECT count(*) FROM system_audit_logs WHERE event_type = 'LegacyAuditRowDeleted'") == 1);
        // the re-snapshot is audited once, the update and the delete once each
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM system_audit_logs WHERE aggregate_type LIKE 'legacy.%'") == 6);
        // the rewritten row: its first entry as first captured, then its revision, at the time of the update
        assertThat(db.sql("SELECT event_type, data FROM system_audit_logs WHERE aggregate_type = 'legacy.public.system_audit_logs'"
                        + " AND aggregate_id = '2' ORDER BY id")
                .map(r -> r.get("event_type", String.class) + " " + r.get("data", String.class)).all().collectList().block())
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("Legacy:kyc.review ").doesNotContain("revises"),
                        revision -> assertThat(revision).startsWith("Legacy:kyc.rewritten ")
                                .contains("\"revises\":\"" + firstEntry(SYSTEM_LOGS, 2) + "\"")
                                .contains("\"createdAt\":\"2025-03-02T10:00:00Z\""));
        // the deleted row: its entry, then its tombstone
        assertThat(db.sql("SELECT event_type, data FROM system_audit_logs WHERE aggregate_type = 'legacy.public.system_audit_logs'"
                        + " AND aggregate_id = '3' ORDER BY id")
                .map(r -> r.get("event_type", String.class) + " " + r.get("data", String.class)).all().collectList().block())
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("Legacy:payout.schedule "),
                        tombstone -> assertThat(tombstone).startsWith("LegacyAuditRowDeleted ")
                                .contains("\"revises\":\"" + firstEntry(SYSTEM_LOGS, 3) + "\""));
        OffsetDateTime at = db.sql("SELECT occurred_at FROM system_audit_logs WHERE event_type = 'Legacy:kyc.review'")
                .map(r -> r.get(0, OffsetDateTime.class)).one().block();
        assertThat(at.toInstant()).hasToString("2025-03-02T10:00:00Z");
        assertThat(db.sql("SELECT actor FROM system_audit_logs WHERE event_type = 'Legacy:user.login'")
                .map(r -> r.get(0, String.class)).one().block()).isEqualTo("legacy:actor-1");

        String member = issuer.accessToken(user, "legacy@example.com", "authenticated");
        LocalWeb.client(port).get().uri("/api/audit/me/logs")
                .headers(h -> h.setBearerAuth(member)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].eventType").isEqualTo("Legacy:sign_in")
                .jsonPath("$[0].ipAddress").isEqualTo("203.0.113.7")
                .jsonPath("$[0].userAgent").isEqualTo("Mozilla/5.0 (demo)")
                .jsonPath("$[0].occurredAt").isEqualTo("2024-12-24T08:30:00.123456Z");
        String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
        LocalWeb.client(port).get().uri("/api/audit/admin/verify")
                .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(true);

        // what the log holds of each legacy table is the legacy table as it is: the row 2 as rewritten (its revision),
        // the deleted row 3 no more (its tombstone)
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE source_table = '"
                + SYSTEM_LOGS + "' AND applied AND (legacy_id = '2' AND row->>'action' = 'kyc.rewritten' OR legacy_id = '3' AND deleted)") == 2);
        JsonNode system = legacy.target(port, SYSTEM_LOGS);
        assertThat(matches(system)).as(system.toString()).isTrue();
        assertThat(system.path("compared").asLong()).as(system.toString()).isEqualTo(2);
        JsonNode members = legacy.target(port, USER_LOGS);
        assertThat(matches(members)).as(members.toString()).isTrue();
        assertThat(members.path("compared").asLong()).as(members.toString()).isEqualTo(1);

        // the address is covered by the hash: changing it around the guard breaks the user's chain at that row
        db.sql("SET session_replication_role = replica; UPDATE user_audit_logs SET ip_address = '198.51.100.1' WHERE user_id = '"
                + user + "'; SET session_replication_role = origin").then().block();
        LocalWeb.client(port).get().uri("/api/audit/admin/verify")
                .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(false);
        // and the legacy import's verification names the row and the column
        members = legacy.target(port, USER_LOGS);
        assertThat(members.path("changed").toString()).as(members.toString()).isEqualTo("{\"7\":[\"ip_address\"]}");
    }

    @Test
    @Order(2)
    void aColumnTheImporterLosesIsNamedUntilTheRowsNextChangeIsAuditedWhole() {
        JsonNode before = legacy.target(port, SYSTEM_LOGS);
        legacy.breakColumn(port, SYSTEM_LOGS, "target");
        try {
            kafka.send(SYSTEM, "8", systemRow("c", 8, "user.update"), null);
            awaitApplied(SYSTEM_LOGS, "8");
            JsonNode broken = legacy.target(port, SYSTEM_LOGS);
            assertThat(broken.path("changed").path("8").toString()).as(broken.toString()).isEqualTo("[\"target\"]");
            assertThat(broken.path("changedCount").asLong()).as(broken.toString())
                    .isEqualTo(before.path("changedCount").asLong() + 1);
        } finally {
            legacy.mend(port, SYSTEM_LOGS);
        }
        // mended, the row's next change is audited whole (a revision of the entry audited without its target): the
        // log holds the row as it is again
        kafka.send(SYSTEM, "8", systemRow("u", 8, "user.update", "public.payouts"), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM system_audit_logs WHERE aggregate_id = '8'"
                + " AND aggregate_type = 'legacy.public.system_audit_logs'") == 2);
        JsonNode mended = legacy.target(port, SYSTEM_LOGS);
        assertThat(matches(mended)).as(mended.toString()).isTrue();
        assertThat(mended.path("compared").asLong()).as(mended.toString()).isEqualTo(before.path("compared").asLong() + 1);
    }

    @Test
    @Order(3)
    void updatesAndDeletesOfLegacyRowsAreFollowedOnceAndTheChainsStillVerify() {
        UUID user = UUID.randomUUID();
        UUID legacyAppUser = UUID.randomUUID();
        kafka.send(legacy.topic("public.users"), "u12", LegacyChanges.change("public.users", "r", Map.of("id", legacyAppUser.toString(),
                "auth_user_id", user.toString(), "email", "legacy12@example.com", "status", "active")), null);
        awaitApplied("public.users", legacyAppUser.toString()); // the member's rows do not wait: both are audited
        kafka.send(SYSTEM, "10", systemRow("c", 10, "payout.create"), null);
        String amended = systemRow("u", 10, "payout.amend", "public.payouts");
        kafka.send(SYSTEM, "10", amended, null);
        kafka.send(SYSTEM, "10", amended, null);                                 // redelivered: audited once
        kafka.send(SYSTEM, "11", systemRow("c", 11, "user.delete"), null);
        kafka.send(SYSTEM, "11", systemRow("d", 11, "user.delete"), null);
        kafka.send(USER, "12", memberRow("c", 12, legacyAppUser, "Mozilla/5.0 (first)"), null);
        kafka.send(USER, "12", memberRow("u", 12, legacyAppUser, "Mozilla/5.0 (rewritten)"), null);

        await().atMost(Duration.ofSeconds(60)).until(() -> entries("10") == 2 && entries("11") == 2
                && count("SELECT count(*) FROM user_audit_logs WHERE user_id = '" + user + "'") == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> entries("10") == 2);
        assertThat(db.sql("SELECT data FROM system_audit_logs WHERE aggregate_id = '10' AND event_type = 'Legacy:payout.amend'")
                .map(r -> r.get(0, String.class)).one().block())
                .contains("\"revises\":\"" + firstEntry(SYSTEM_LOGS, 10) + "\"").contains("\"target\":\"public.payouts\"");
        assertThat(count("SELECT count(*) FROM system_audit_logs WHERE aggregate_id = '11' AND event_type = 'LegacyAuditRowDeleted'"))
                .isEqualTo(1);
        // the member's revision is in the member's chain, after the entry it revises
        assertThat(db.sql("SELECT user_agent || ' ' || data FROM user_audit_logs WHERE user_id = '" + user + "' ORDER BY id")
                .map(r -> r.get(0, String.class)).all().collectList().block())
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("Mozilla/5.0 (first) ").doesNotContain("revises"),
                        revision -> assertThat(revision).startsWith("Mozilla/5.0 (rewritten) ")
                                .contains("\"revises\":\"" + firstEntry(USER_LOGS, 12) + "\""));

        // every version is chained: the system chain and the member's chain verify
        String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
        LocalWeb.client(port).get().uri("/api/audit/admin/verify")
                .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.systemFirstBrokenLink").doesNotExist()
                .jsonPath("$.userFirstBrokenLinks['" + user + "']").doesNotExist();
        // and the log holds each row as it is: 10 amended, 11 no more, 12 rewritten
        JsonNode system = legacy.target(port, SYSTEM_LOGS);
        assertThat(matches(system)).as(system.toString()).isTrue();
        JsonNode members = legacy.target(port, USER_LOGS);
        assertThat(members.path("error").isString()).as(members.toString()).isFalse();
        assertThat(members.path("changed").has("12")).as(members.toString()).isFalse();
        assertThat(members.path("missingCount").asLong() + members.path("extraCount").asLong()).as(members.toString()).isZero();
    }

    static String memberRow(String op, int id, UUID legacyAppUser, String userAgent) {
        return LegacyChanges.change("public.user_audit_logs", op, Map.of("id", id, "user_id", legacyAppUser.toString(),
                "action", "sign_in", "ip_address", "203.0.113." + id, "user_agent", userAgent,
                "created_at", "2025-04-%02dT08:30:00Z".formatted(id)));
    }

    /** How many entries the system chain holds of a legacy system row. */
    private long entries(String legacyId) {
        return count("SELECT count(*) FROM system_audit_logs WHERE aggregate_type = 'legacy.public.system_audit_logs'"
                + " AND aggregate_id = '" + legacyId + "'");
    }

    private void awaitApplied(String table, String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE source_table = '"
                + table + "' AND legacy_id = '" + id + "' AND applied") == 1);
    }

    /** Whether a target report compared without an error and found no id missing, extra or changed. */
    private static boolean matches(JsonNode report) {
        return !report.path("error").isString() && report.path("missingCount").asLong() == 0
                && report.path("extraCount").asLong() == 0 && report.path("changedCount").asLong() == 0;
    }
}
