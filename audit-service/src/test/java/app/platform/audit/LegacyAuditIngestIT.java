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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The legacy audit logs as cdc-relay captures them (change records: op, before, after): each row audited once in
 * the chains, its original time and its address and user agent kept; updates and deletes of legacy rows not followed.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "audit.legacy-import.enabled=true")
class LegacyAuditIngestIT {

    static final LegacyImportFixture legacy = new LegacyImportFixture("audit", "legacy-audit-it");
    static final KafkaTestClient kafka = legacy.kafka();
    static final TestTokenIssuer issuer = legacy.issuer();
    static final String SYSTEM = legacy.topic("public.system_audit_logs");
    static final String USER = legacy.topic("public.user_audit_logs");

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
        return LegacyChanges.change("public.system_audit_logs", op, Map.of("id", id, "action", action, "actor_id", "actor-" + id,
                "target", "public.users", "details", "{\"n\": " + id + "}", "created_at", "2025-03-0" + id + "T10:00:00Z"));
    }

    @Test
    void legacyAuditRowsAreChainedOnceWithTheirOriginalTimeAndWhereTheyCameFrom() {
        UUID user = UUID.randomUUID();
        kafka.send(SYSTEM, "1", systemRow("r", 1, "user.login"), null);
        kafka.send(SYSTEM, "2", systemRow("r", 2, "kyc.review"), null);
        kafka.send(SYSTEM, "3", systemRow("c", 3, "payout.schedule"), null);
        kafka.send(SYSTEM, "1", systemRow("r", 1, "user.login"), null);        // a re-snapshot: audited once
        kafka.send(SYSTEM, "2", systemRow("u", 2, "kyc.rewritten"), null);    // legacy history is not rewritten
        kafka.send(SYSTEM, "3", systemRow("d", 3, "payout.schedule"), null);  // nor deleted
        // a member's row names the legacy app user; its chain is the identity user's, learnt from public.users
        UUID legacyAppUser = UUID.randomUUID();
        kafka.send(USER, "7", LegacyChanges.change("public.user_audit_logs", "r", Map.of("id", 7, "user_id", legacyAppUser.toString(),
                "action", "sign_in", "ip_address", "203.0.113.7", "user_agent", "Mozilla/5.0 (demo)",
                "created_at", "2024-12-24T08:30:00.123456Z")), null);
        kafka.send(legacy.topic("public.users"), "u", LegacyChanges.change("public.users", "r", Map.of("id", legacyAppUser.toString(),
                "auth_user_id", user.toString(), "email", "legacy@example.com", "status", "active")), null);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM user_audit_logs WHERE user_id = '" + user + "'") == 1
                && count("SELECT count(*) FROM system_audit_logs WHERE event_type LIKE 'Legacy:%'") == 4);
        // the later records (update, delete) are consumed too and change nothing
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM system_audit_logs WHERE event_type LIKE 'Legacy:%'") == 4);
        assertThat(count("SELECT count(*) FROM system_audit_logs WHERE event_type = 'Legacy:kyc.rewritten'")).isZero();
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

        // the address is covered by the hash: changing it around the guard breaks the user's chain at that row
        db.sql("SET session_replication_role = replica; UPDATE user_audit_logs SET ip_address = '198.51.100.1' WHERE user_id = '"
                + user + "'; SET session_replication_role = origin").then().block();
        LocalWeb.client(port).get().uri("/api/audit/admin/verify")
                .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(false);
    }
}
