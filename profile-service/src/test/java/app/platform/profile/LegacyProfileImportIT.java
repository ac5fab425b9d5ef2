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
 * The cutover's profile import on the demo legacy database's real rows, published as the capture publishes them:
 * rows that arrive before their user wait for it, TOAST placeholders are merged and never stored, updates, deletes
 * and replays are followed once, a bad row is reported without stopping the import, and the ledger the
 * reconciliation reads digests each row exactly as the legacy database holds it; and the service's own tables hold
 * what it imported ({@code …/<table>/target}), which names the column a broken importer leaves stale. The tests share
 * the database and run in order (each later one imports the demo itself when run alone).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "profile.legacy-import.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyProfileImportIT {

    static final String USERS = "public.users";
    static final String PROFILES = "public.user_profiles";
    static final String CONTACTS = "public.user_contacts";
    static final String ADDRESSES = "public.user_addresses";

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
    @Order(1)
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

    @Test
    @Order(2)
    void theServiceTablesHoldWhatWasImportedNormalisedAsTheImportDoes() throws Exception {
        demoImported();
        // a legacy app user as the legacy app spells it (a status synonym, its identity user id in capitals), then
        // deleted: the account stays, closed
        String userId = "00000000-0000-0000-0000-00000000c105";
        legacy.execute("INSERT INTO public.users (id, auth_user_id, email, email_verified, status) VALUES ('" + userId
                + "', '0000000A-0000-0000-0000-00000000C105', 'closed@demo.example', true, 'Banned')");
        legacy.publish(USERS, userId, "c", legacy.row("SELECT * FROM public.users WHERE id = '" + userId + "'"));
        legacy.deleteAndPublish(USERS, "id = '" + userId + "'", userId);
        // an address in loose spelling (type case, blanks, a lower-case country), checked as a new one
        String addressId = "00000000-0000-0000-0000-0000000000ad";
        String owner = legacy.text("SELECT id FROM public.users WHERE status = 'active' ORDER BY id LIMIT 1");
        legacy.execute("INSERT INTO public.user_addresses (id, user_id, type, line1, city, postal_code, country) VALUES ('"
                + addressId + "', '" + owner + "', ' Home', ' 1 Rue de la Paix ', 'Paris', ' ', 'fr')");
        legacy.publish(ADDRESSES, addressId, "c", legacy.row("SELECT * FROM public.user_addresses WHERE id = '" + addressId + "'"));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM users WHERE legacy_id = '" + userId
                + "' AND status = 'Closed'") == 1 && count("SELECT count(*) FROM user_addresses WHERE id = '" + addressId
                + "' AND type = 'home' AND country = 'FR' AND postal_code IS NULL") == 1);

        for (String table : new String[] {USERS, PROFILES, CONTACTS, ADDRESSES}) {
            JsonNode report = legacy.target(port, table);
            assertThat(report.path("error").isNull() || report.path("error").isMissingNode()).as("%s", report).isTrue();
            assertThat(report.path("compared").asLong()).as("%s", report).isPositive();
            assertThat(report.path("missingCount").asLong()).as("%s", report).isZero();
            assertThat(report.path("extraCount").asLong()).as("%s", report).isZero();
            assertThat(report.path("changedCount").asLong()).as("%s", report).isZero();
        }
        assertThat(legacy.target(port, USERS).path("dropped").has("created_at")).isTrue();
    }

    @Test
    @Order(3)
    void aBrokenImporterLeavesAStaleColumnThatTheTargetNames() throws Exception {
        demoImported();
        String profileId = legacy.text("SELECT id FROM public.user_profiles ORDER BY id DESC LIMIT 1");
        String where = "id = '" + profileId + "'";
        legacy.breakColumn(port, PROFILES, "display_name");
        try {
            legacy.updateAndPublish(PROFILES, "display_name = 'Broken'", where, profileId, "bio");
            awaitProfileInLedger(profileId, "Broken");
            JsonNode report = legacy.target(port, PROFILES);
            assertThat(report.path("changedCount").asLong()).as("%s", report).isEqualTo(1);
            assertThat(report.path("changed").path(profileId).toString()).as("%s", report).isEqualTo("[\"display_name\"]");
            assertThat(report.path("missingCount").asLong() + report.path("extraCount").asLong()).as("%s", report).isZero();
        } finally {
            legacy.mend(port, PROFILES);
        }
        legacy.updateAndPublish(PROFILES, "display_name = 'Mended'", where, profileId, "bio");
        awaitProfileInLedger(profileId, "Mended");
        JsonNode report = legacy.target(port, PROFILES);
        assertThat(report.path("changedCount").asLong() + report.path("missingCount").asLong()
                + report.path("extraCount").asLong()).as("%s", report).isZero();
    }

    @Test
    @Order(4)
    void anAccountClosedHereStaysClosedAndErasedWhateverTheLegacyAppStillWrites() throws Exception {
        demoImported();
        String legacyUser = legacy.text("SELECT id FROM public.users WHERE status = 'active' AND email IS NOT NULL ORDER BY id DESC LIMIT 1");
        String authUser = legacy.text("SELECT lower(auth_user_id::text) FROM public.users WHERE id = '" + legacyUser + "'");
        web().post().uri("/api/profile/me/close")
                .headers(h -> h.setBearerAuth(issuer.accessToken(java.util.UUID.fromString(authUser), "x@example.com", "authenticated")))
                .exchange().expectStatus().isNoContent();
        long events = count("SELECT count(*) FROM outbox WHERE aggregateid = '" + authUser + "'");

        // the legacy app, still running, changes the user's row, its profile, and adds a phone
        legacy.updateAndPublish(USERS, "email = 'back@demo.example', updated_at = now()", "id = '" + legacyUser + "'", legacyUser);
        String profileId = legacy.text("SELECT id FROM public.user_profiles WHERE user_id = '" + legacyUser + "'");
        legacy.updateAndPublish(PROFILES, "display_name = 'Back Again'", "id = '" + profileId + "'", profileId, "bio");
        String phoneId = "00000000-0000-0000-0000-0000000c1053";
        legacy.execute("INSERT INTO public.user_contacts (id, user_id, kind, value, is_primary) VALUES ('" + phoneId + "', '"
                + legacyUser + "', 'phone', '+14155550199', true)");
        legacy.publish(CONTACTS, phoneId, "c", legacy.row("SELECT * FROM public.user_contacts WHERE id = '" + phoneId + "'"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_problem WHERE legacy_id IN ('"
                + profileId + "', '" + phoneId + "')") == 2 && count("SELECT count(*) FROM legacy_row WHERE legacy_id = '"
                + legacyUser + "' AND row->>'email' = 'back@demo.example' AND applied") == 1);

        assertThat(count("SELECT count(*) FROM users WHERE id = '" + authUser + "' AND status = 'Closed' AND email = ''"
                + " AND legacy_id = '" + legacyUser + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_profiles WHERE user_id = '" + authUser + "' AND display_name IS NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_contacts WHERE user_id = '" + authUser + "'")).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + authUser + "'")).as("no event").isEqualTo(events);
        assertThat(state(CONTACTS).path("problems").path(phoneId).asString()).contains("closed here");

        // an account the legacy app closed (its data kept there) is no account closed here: its rows are imported
        String closedThere = "00000000-0000-0000-0000-00000000c107";
        String itsPhone = "00000000-0000-0000-0000-0000000c1073";
        legacy.execute("INSERT INTO public.users (id, auth_user_id, email, email_verified, status) VALUES ('" + closedThere
                + "', '00000000-0000-0000-0000-00000000c107', 'closed-there@demo.example', true, 'closed')");
        legacy.execute("INSERT INTO public.user_contacts (id, user_id, kind, value) VALUES ('" + itsPhone + "', '"
                + closedThere + "', 'phone', '+14155550177')");
        legacy.publish(USERS, closedThere, "c", legacy.row("SELECT * FROM public.users WHERE id = '" + closedThere + "'"));
        legacy.publish(CONTACTS, itsPhone, "c", legacy.row("SELECT * FROM public.user_contacts WHERE id = '" + itsPhone + "'"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE legacy_id = '"
                + itsPhone + "' AND applied") == 1);
        assertThat(count("SELECT count(*) FROM users WHERE legacy_id = '" + closedThere + "' AND status = 'Closed'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM legacy_problem WHERE legacy_id = '" + itsPhone + "'")).isZero();
        // and closing it here (identity's deletion) erases what it was imported with
        web().post().uri("/api/profile/me/close").headers(h -> h.setBearerAuth(issuer.accessToken(
                        java.util.UUID.fromString("00000000-0000-0000-0000-00000000c107"), "x@example.com", "authenticated")))
                .exchange().expectStatus().isNoContent();
        assertThat(count("SELECT count(*) FROM user_contacts c JOIN users u ON u.id = c.user_id WHERE u.legacy_id = '"
                + closedThere + "'")).isZero();
        assertThat(count("SELECT count(*) FROM users WHERE legacy_id = '" + closedThere + "' AND erased_at IS NOT NULL")).isEqualTo(1);
    }

    /** The demo's users, profiles and contacts imported (by the first test, or here when a later one runs alone). */
    private void demoImported() throws Exception {
        if (count("SELECT count(*) FROM users WHERE legacy_id IS NOT NULL") >= 17) {
            return;
        }
        legacy.createDemo(1);
        legacy.publishSnapshot(USERS, PROFILES, CONTACTS);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE applied") >= 17 * 3);
    }

    /** Until the ledger holds the profile's change applied (the service's tables are written in the same transaction). */
    private void awaitProfileInLedger(String profileId, String displayName) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM legacy_row WHERE source_table = '"
                + PROFILES + "' AND legacy_id = '" + profileId + "' AND applied AND row->>'display_name' = '" + displayName + "'") == 1);
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
