package app.platform.profile;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.legacy.LegacyChange;
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
import java.util.HashMap;
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
 * The cutover's profile import on the demo legacy database's real rows, published as the capture publishes them:
 * rows that arrive before their user wait for it, TOAST placeholders are merged and never stored, updates, deletes
 * and replays are followed once, a bad row is reported without stopping the import, and the ledger the
 * reconciliation reads digests each row exactly as the legacy database holds it.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "profile.legacy-import.enabled=true")
class LegacyProfileImportIT {

    static final String PREFIX = "legacyprofile";
    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final TestDatabase legacy = Infrastructure.newDatabase("legacy_profile");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("profile.legacy-import.topic-prefix", () -> PREFIX);
        registry.add("platform.events.retry.initial-interval-ms", () -> "50");
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
    void importsTheLegacyUsersProfilesAndContactsOnceAndDigestsThemAsTheLegacyDatabaseHoldsThem() throws Exception {
        try (Connection c = legacyConnection()) {
            LegacyDemo.create(c, 1);
            // children first: they wait for their users
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, "public.user_profiles", "public.user_contacts");
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, "public.users");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied") == 17 * 3);
        assertThat(count("SELECT count(*) FROM users WHERE legacy_id IS NOT NULL")).isEqualTo(17);
        assertThat(count("SELECT count(*) FROM users WHERE status = 'Pending'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE length(bio) = 3600")).as("long bios whole").isEqualTo(17);
        assertThat(count("SELECT count(*) FROM user_settings")).as("defaults with every app user").isEqualTo(17);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'AppUserCreated' AND payload->'data'->>'reason' = 'imported'"))
                .isEqualTo(17);
        assertThat(ledger("public.users")).isEqualTo(legacyDigests("public.users"));
        assertThat(ledger("public.user_profiles")).isEqualTo(legacyDigests("public.user_profiles"));
        assertThat(ledger("public.user_contacts")).isEqualTo(legacyDigests("public.user_contacts"));

        // an update whose bio is an unchanged TOASTed value: the stored bio stays, the rest follows
        String profileId;
        try (Connection c = legacyConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT * FROM public.user_profiles ORDER BY id LIMIT 1")) {
            rs.next();
            profileId = rs.getString("id");
            c.createStatement().execute("UPDATE public.user_profiles SET display_name = 'Renamed' WHERE id = '" + profileId + "'");
            Map<String, Object> row = new HashMap<>(one(c, "SELECT * FROM public.user_profiles WHERE id = '" + profileId + "'"));
            row.put("bio", LegacyChange.UNAVAILABLE);
            kafka.send(PREFIX + ".public.user_profiles", profileId, LegacyChanges.change("public.user_profiles", "u", row), null);
            // a contact deleted, and one that cannot be imported
            Map<String, Object> contact = one(c, "SELECT * FROM public.user_contacts ORDER BY id LIMIT 1");
            c.createStatement().execute("DELETE FROM public.user_contacts WHERE id = '" + contact.get("id") + "'");
            kafka.send(PREFIX + ".public.user_contacts", "x", LegacyChanges.change("public.user_contacts", "d", contact), null);
            Map<String, Object> fax = new HashMap<>(contact);
            fax.put("id", "00000000-0000-0000-0000-0000000000fa");
            fax.put("kind", "fax");
            kafka.send(PREFIX + ".public.user_contacts", "y", LegacyChanges.change("public.user_contacts", "c", fax), null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_problem") == 1);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE display_name = 'Renamed' AND length(bio) = 3600")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE bio LIKE '%debezium%'")).isZero();
        assertThat(count("SELECT count(*) FROM user_contacts")).isEqualTo(16);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'ContactRemoved'")).isEqualTo(1);
        assertThat(ledger("public.user_profiles")).isEqualTo(legacyDigests("public.user_profiles"));
        assertThat(ledger("public.user_contacts")).isEqualTo(legacyDigests("public.user_contacts"));
        JsonNode state = state("public.user_contacts");
        assertThat(state.path("problems").path("00000000-0000-0000-0000-0000000000fa").asString()).contains("phone or an e-mail");

        // the whole snapshot again (a relay restarted mid-snapshot): nothing new
        long events = count("SELECT count(*) FROM outbox");
        String before = db.sql("SELECT CAST(now() AS text)").map((r, m) -> r.get(0, String.class)).one().block();
        try (Connection c = legacyConnection()) {
            LegacyChanges.publishSnapshot(kafka, PREFIX, c, "public.users", "public.user_profiles", "public.user_contacts");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM legacy_row WHERE applied_at > CAST('" + before + "' AS timestamptz)") == 17 + 17 + 16);
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM users")).isEqualTo(17);

        // the ledger is for services only
        web().get().uri("/api/profile/internal/legacy/public.users")
                .headers(h -> h.setBearerAuth(issuer.accessToken(java.util.UUID.randomUUID(), "a@example.com", "admin")))
                .exchange().expectStatus().isForbidden();
    }

    private Map<String, String> ledger(String table) {
        return LegacyChanges.ledgerDigests("http://localhost:" + port, "profile", table, issuer.serviceToken());
    }

    private JsonNode state(String table) {
        return LegacyChanges.ledger("http://localhost:" + port, "profile", table, issuer.serviceToken());
    }

    private static Map<String, String> legacyDigests(String table) throws SQLException {
        try (Connection c = legacyConnection()) {
            return LegacyChanges.digests(c, table);
        }
    }

    private static Map<String, Object> one(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return LegacyChanges.row(rs);
        }
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }

    private WebTestClient web() {
        return LocalWeb.client(port);
    }

    private static Connection legacyConnection() throws SQLException {
        return DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
    }
}
