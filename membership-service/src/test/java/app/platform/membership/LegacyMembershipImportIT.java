package app.platform.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.LegacyChanges;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The cutover's membership import on the demo legacy database's rows, published as the capture publishes them,
 * children before the users they belong to: every row lands for its identity user, the queue keeps its legacy order
 * densely, a removed entry closes its gap, a replay changes nothing, and the ledger digests match the legacy rows.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "membership.legacy-import.enabled=true")
class LegacyMembershipImportIT {

    static final String PREFIX = "legacymembership";
    static final List<String> TABLES = List.of("public.user_memberships", "public.membership_queue",
            "public.kyc_verification", "public.payout_management", "public.disputes");
    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final TestDatabase legacy = Infrastructure.newDatabase("legacy_membership");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("membership.legacy-import.topic-prefix", () -> PREFIX);
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

    @Test
    void importsMembershipsTheQueueKycPayoutsAndDisputesForTheirIdentityUsers() throws Exception {
        try (Connection c = legacy()) {
            LegacyDemo.create(c, 1);
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, TABLES.toArray(String[]::new));
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, "public.users");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied") == 17 + 14 + 5 + 8 + 10 + 2);
        assertThat(count("SELECT count(*) FROM user_memberships WHERE status = 'active'")).isEqualTo(13);
        assertThat(count("SELECT count(*) FROM payout_management WHERE status = 'paid'")).isEqualTo(7);
        assertThat(count("SELECT count(*) FROM disputes WHERE status = 'open'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM legacy_problem")).isZero();
        for (String table : TABLES) {
            assertThat(ledger(table)).as(table).isEqualTo(legacyDigests(table));
        }
        // the members are the identity users (auth_user_id), the queue in its legacy order, 1..5
        String order = "SELECT string_agg(user_id::text, ',' ORDER BY position) FROM membership_queue";
        assertThat(text(order)).isEqualTo(legacyQuery("""
                SELECT string_agg(u.auth_user_id, ',' ORDER BY q.position)
                FROM public.membership_queue q JOIN public.users u ON u.id = q.user_id"""));
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4,5");
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'QueueJoined'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'MembershipActivated' AND payload->'data'->>'reason' = 'imported'")).isEqualTo(13);

        // the second in the queue leaves on the legacy side: the gap closes
        try (Connection c = legacy(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM public.membership_queue WHERE position = 2")) {
            rs.next();
            Map<String, Object> row = LegacyChanges.row(rs);
            c.createStatement().execute("DELETE FROM public.membership_queue WHERE position = 2");
            kafka.send(PREFIX + ".public.membership_queue", "k", LegacyChanges.change("public.membership_queue", "d", row), null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM membership_queue") == 4);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4");
        assertThat(ledger("public.membership_queue")).isEqualTo(legacyDigests("public.membership_queue"));

        // a replayed snapshot (a relay restarted mid-snapshot) changes nothing
        long events = count("SELECT count(*) FROM outbox");
        String before = text("SELECT CAST(now() AS text)");
        try (Connection c = legacy()) {
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, TABLES.toArray(String[]::new));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied_at > CAST('"
                + before + "' AS timestamptz)") == 14 + 4 + 8 + 10 + 2);
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(events);
        assertThat(text("SELECT string_agg(position::text, ',' ORDER BY position) FROM membership_queue")).isEqualTo("1,2,3,4");
    }

    private Map<String, String> ledger(String table) {
        return LegacyChanges.ledgerDigests("http://localhost:" + port, "membership", table, issuer.serviceToken());
    }

    private static Map<String, String> legacyDigests(String table) throws SQLException {
        try (Connection c = legacy()) {
            return LegacyChanges.digests(c, table);
        }
    }

    private static String legacyQuery(String sql) throws SQLException {
        try (Connection c = legacy(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }

    private String text(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, String.class)).one().block();
    }

    private static Connection legacy() throws SQLException {
        return DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
    }
}
