package app.platform.profile;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LegacyImportFixture;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    static final LegacyImportFixture legacy = new LegacyImportFixture("profile", "legacyprofile");
    static final TestTokenIssuer issuer = legacy.issuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        legacy.register(registry);
        registry.add("platform.events.retry.initial-interval-ms", () -> "50");
    }

    @AfterAll
    static void close() {
        legacy.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;

    @Test
    void importsTheLegacyUsersProfilesAndContactsOnceAndDigestsThemAsTheLegacyDatabaseHoldsThem() throws Exception {
        legacy.createDemo(1);
        // children first: they wait for their users
        legacy.publishSnapshot("public.user_profiles", "public.user_contacts");
        legacy.publishSnapshot("public.users");
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
        String profileId = legacy.text("SELECT id FROM public.user_profiles ORDER BY id LIMIT 1");
        legacy.updateAndPublish("public.user_profiles", "display_name = 'Renamed'", "id = '" + profileId + "'", profileId, "bio");
        // a contact deleted, and one that cannot be imported
        String contactId = legacy.text("SELECT id FROM public.user_contacts ORDER BY id LIMIT 1");
        Map<String, Object> contact = legacy.deleteAndPublish("public.user_contacts", "id = '" + contactId + "'", "x");
        Map<String, Object> fax = new HashMap<>(contact);
        fax.put("id", "00000000-0000-0000-0000-0000000000fa");
        fax.put("kind", "fax");
        legacy.publish("public.user_contacts", "y", "c", fax);
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
        legacy.publishSnapshot("public.users", "public.user_profiles", "public.user_contacts");
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
        return legacy.ledger(port, table);
    }

    private JsonNode state(String table) {
        return legacy.state(port, table);
    }

    private static Map<String, String> legacyDigests(String table) throws SQLException {
        return legacy.digests(table);
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }

    private WebTestClient web() {
        return LocalWeb.client(port);
    }
}
