package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.failback.ReverseStream;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Identity's reverse stream (failback) against the demo legacy database, GoTrue's shape: its events wait in Kafka
 * until the stream starts, then a user who signed up, changed their password and closed their account here is in
 * {@code auth.users} as GoTrue reads it (the password checked by pgcrypto's {@code crypt}, as Supabase's SQL checks
 * one), each event applied once however often it is delivered, events the legacy tables cannot hold recorded with
 * why, a row the legacy database refuses recorded without stalling the stream, and every write under the failback
 * replication origin, which a capture that takes only local changes never sees; the failback's check
 * ({@code …/failback}) finds the user and its identities in GoTrue's tables as identity holds them.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.failback.enabled=true", "platform.failback.gate=200ms"})
class LegacyFailbackIT {

    static final TestDatabase LEGACY = Infrastructure.newDatabase("failback");
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final String SLOT = "failback_it";

    @DynamicPropertySource
    static void legacy(DynamicPropertyRegistry registry) {
        registry.add("platform.failback.url", LEGACY::jdbcUrl);
        registry.add("platform.failback.username", LEGACY::username);
        registry.add("platform.failback.password", LEGACY::password);
    }

    @BeforeAll
    static void legacyDatabase() throws SQLException {
        try (Connection c = legacy()) {
            LegacyDemo.create(c, 1, false);
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pgcrypto");
            c.createStatement().execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        kafka.close();
        try (Connection c = legacy()) {
            c.createStatement().execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    final Set<UUID> relayed = new HashSet<>();

    @Test
    void whatUsersDidHereIsInGoTruesTablesOnceAndUnderTheFailbackOrigin() throws Exception {
        String id = IdentityApi.signUp(port, jdbc, "failback@example.com", "long enough pass");
        JsonNode tokens = bff().signIn("failback@example.com", "long enough pass");
        relay();
        assertThat(listeners.getListenerContainer("identity-failback").isRunning()).as("not before the switch").isFalse();
        assertThat(legacyUser(id)).isNull();

        try (Connection c = legacy()) {
            ReverseStream.start(c);
        }
        Map<String, Object> registered = awaitLegacyUser(id, u -> Boolean.TRUE.equals(u.get("password_ok")),
                "long enough pass");
        assertThat(registered).containsEntry("email", "failback@example.com").containsEntry("aud", "authenticated")
                .containsEntry("confirmation_token", "");
        assertThat(legacyIdentities(id)).containsExactly("email:" + id);
        // a Google account linked here, which emits no event of its own, goes with the user's next event
        UUID google = UUID.randomUUID();
        jdbc.sql("INSERT INTO account (id, user_id, provider, provider_subject) "
                        + "VALUES (:id, :user, 'google', 'google-sub-failback')")
                .param("id", google).param("user", UUID.fromString(id)).update();

        // the password changed here works there; the sign-in is recorded as not carried, with why
        assertThat(IdentityApi.lenient(port).post().uri("/api/identity/me/password").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("currentPassword", "long enough pass", "newPassword", "a brand new passphrase"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        relay();
        awaitLegacyUser(id, u -> Boolean.TRUE.equals(u.get("password_ok")), "a brand new passphrase");
        assertThat(legacyIdentities(id)).containsExactlyInAnyOrder("email:" + id, "google:google-sub-failback");
        // the failback's check finds the user and its identities as identity holds them, the Google one at the
        // account's id (the demo users never imported here are missing: not this test's)
        assertThat(legacyIdentityIds(id)).contains(google.toString());
        assertCarriedBack("auth.users", List.of(id));
        assertCarriedBack("auth.identities", legacyIdentityIds(id));
        assertThat(applied(id, "UserSignedIn")).singleElement().satisfies(row -> {
            assertThat(row.get("carried")).isEqualTo(false);
            assertThat((String) row.get("why")).contains("audit log");
        });

        // a user the legacy database refuses (its address is a legacy user's) is recorded, and the stream goes on
        String taken = "user1@demo.example";
        String clash = IdentityApi.signUp(port, jdbc, taken, "long enough pass");
        // closing the account here
        JsonNode fresh = bff().signIn("failback@example.com", "a brand new passphrase");
        assertThat(IdentityApi.lenient(port).post().uri("/api/identity/me/delete").header("Authorization", bearer(fresh))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", "a brand new passphrase"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        relay();
        Map<String, Object> closed = awaitLegacyUser(id, u -> u.get("deleted_at") != null, "a brand new passphrase");
        assertThat(closed).containsEntry("encrypted_password", "").containsEntry("password_ok", false);
        // left as GoTrue's soft delete leaves a user: its identity's provider id obfuscated and its data emptied
        assertThat(legacyIdentities(id)).containsExactly("email:" + goTrueObfuscated(id, "email:" + id));
        assertThat(legacyIdentityColumn("CAST(identity_data AS text)", id)).containsExactly("{}");
        assertCarriedBack("auth.users", List.of(id));
        assertCarriedBack("auth.identities", List.of(google.toString()));
        // its address obfuscated as GoTrue's soft delete does, so the same person can sign up again, here and carried
        // back (GoTrue's unique address index refused the new user while the deleted one kept it)
        assertThat(closed).containsEntry("email", goTrueObfuscated(id, "failback@example.com"));
        try (Connection c = legacy()) { // GoTrue's check of an address taken: its users' and its identities'
            ResultSet used = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM auth.users WHERE "
                    + "email = 'failback@example.com') + (SELECT count(*) FROM auth.identities WHERE email = 'failback@example.com')");
            used.next();
            assertThat(used.getLong(1)).isZero();
        }
        String returning = IdentityApi.signUp(port, jdbc, "failback@example.com", "long enough pass");
        relay();
        assertThat(awaitLegacyUser(returning, u -> Boolean.TRUE.equals(u.get("password_ok")), "long enough pass"))
                .containsEntry("email", "failback@example.com").containsEntry("deleted_at", null);
        // each of the user's events once, the ones that change the user carried
        assertThat(applied(id, null)).extracting(row -> row.get("event_id"))
                .containsExactlyInAnyOrderElementsOf(outboxIds(id));
        assertThat(applied(id, null)).filteredOn(row -> (boolean) row.get("carried")).extracting(row -> row.get("event_type"))
                .containsExactlyInAnyOrder("UserRegistered", "PasswordChanged", "UserDeleted");

        // delivered again (as after a consumer's crash), an event changes nothing: the registration, then a new event
        // behind it in the user's partition, which shows the registration was read
        Timestamp written = (Timestamp) legacyUser(id).get("updated_at");
        kafka.publish(EventJson.read(IdentityApi.events(jdbc, id, "UserRegistered").getFirst()));
        EventEnvelope signIn = EventJson.read(IdentityApi.events(jdbc, id, "UserSignedIn").getFirst());
        UUID behind = UUID.randomUUID();
        kafka.publish(new EventEnvelope(behind, signIn.eventType(), signIn.schemaVersion(), signIn.occurredAt(),
                signIn.aggregateType(), signIn.aggregateId(), signIn.correlationId(), signIn.actor(), signIn.data()));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(id, null).stream()
                .anyMatch(row -> row.get("event_id").equals(behind.toString())));
        assertThat(legacyUser(id).get("updated_at")).isEqualTo(written);
        assertThat(applied(id, null)).hasSize(outboxIds(id).size() + 1);
        assertThat(applied(clash, "UserRegistered")).singleElement().satisfies(row -> {
            assertThat(row.get("carried")).isEqualTo(false);
            assertThat((String) row.get("why")).contains("users_email_partial_key");
        });

        // the legacy app's own writes are local changes; every one of the writer's carries the failback origin
        try (Connection c = legacy()) {
            c.createStatement().execute("UPDATE auth.users SET raw_user_meta_data = '{\"by\": \"legacy app\"}' "
                    + "WHERE id = legacy_demo_id('auth', 2)");
        }
        // (decoding reads up to the flushed WAL: the test server commits asynchronously)
        await().atMost(Duration.ofSeconds(10)).until(() -> decodedUserChanges(false).stream()
                .anyMatch(change -> change.contains("legacy app")));
        assertThat(decodedUserChanges(false)).as("everything").anyMatch(change -> change.contains(id));
        assertThat(decodedUserChanges(true)).as("local changes only").noneMatch(change -> change.contains(id))
                .anyMatch(change -> change.contains("legacy app"));

        // a user imported without a password, its legacy hash encrypted with Supabase's key: GoTrue can still verify
        // it, so a later event of the user carries everything but wipes no password
        String sealed = IdentityApi.signUp(port, jdbc, "sealed@example.com", "long enough pass");
        relay();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(sealed, null).size() == outboxIds(sealed).size());
        String encrypted = "{\"key_id\":\"k1\",\"alg\":\"aes-gcm-hkdf\",\"nonce\":\"bm9uY2U\",\"data\":\"ZGF0YQ\"}";
        try (Connection c = legacy()) {
            var update = c.prepareStatement("UPDATE auth.users SET encrypted_password = ? WHERE id = ?::uuid");
            update.setString(1, encrypted);
            update.setString(2, sealed);
            update.executeUpdate();
        }
        jdbc.sql("DELETE FROM account WHERE user_id = :id AND provider = 'password'").param("id", UUID.fromString(sealed)).update();
        jdbc.sql("INSERT INTO legacy_row (source_table, legacy_id, row, digest, applied, source_at) VALUES ('auth.users', "
                        + ":id, jsonb_build_object('id', :id, 'encrypted_password', :hash, 'email_confirmed_at', "
                        + "'2026-01-01T00:00:00Z'), repeat('0', 64), true, now())")
                .param("id", sealed).param("hash", encrypted).update();
        java.time.Instant now = java.time.Instant.now();
        EventEnvelope unbanned = EventEnvelope.wrap(new app.platform.events.identity.UserUnbanned(UUID.fromString(sealed), now),
                new app.platform.events.EventMetadata(null, "admin"), now);
        kafka.publish(unbanned);
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(sealed, "UserUnbanned").stream()
                .anyMatch(row -> row.get("event_id").equals(unbanned.eventId().toString()) && (boolean) row.get("carried")));
        assertThat(legacyUser(sealed)).containsEntry("email", "sealed@example.com").containsEntry("encrypted_password", encrypted);
        // had Supabase's row been unconfirmed, the address proved here since is a claim (a Google sign-in's): whoever
        // set that password never proved the address, so it does not come back
        jdbc.sql("UPDATE legacy_row SET row = row - 'email_confirmed_at' WHERE source_table = 'auth.users' AND legacy_id = :id")
                .param("id", sealed).update();
        jdbc.sql("UPDATE users SET email_verified_at = now() WHERE id = :id").param("id", UUID.fromString(sealed)).update();
        EventEnvelope again = EventEnvelope.wrap(new app.platform.events.identity.UserUnbanned(UUID.fromString(sealed), now),
                new app.platform.events.EventMetadata(null, "admin"), now);
        kafka.publish(again);
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(sealed, "UserUnbanned").stream()
                .anyMatch(row -> row.get("event_id").equals(again.eventId().toString())));
        assertThat(legacyUser(sealed)).containsEntry("encrypted_password", "");
    }

    /** GoTrue's {@code obfuscateValue}: base64url, unpadded, of SHA-256 of the user id and the value. */
    private static String goTrueObfuscated(String userId, String value) throws Exception {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest((userId + value).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private List<String> outboxIds(String aggregateId) {
        return jdbc.sql("SELECT id::text FROM outbox WHERE aggregateid = :id").param("id", aggregateId)
                .query(String.class).list();
    }

    /** What cdc-relay does for identity's outbox: each new row published to its topic, keyed by its aggregate. */
    private void relay() {
        for (Map<String, Object> row : jdbc.sql("SELECT id, payload::text AS payload FROM outbox ORDER BY occurred_at")
                .query().listOfRows()) {
            if (relayed.add((UUID) row.get("id"))) {
                kafka.publish(EventJson.read((String) row.get("payload")));
            }
        }
    }

    private Map<String, Object> awaitLegacyUser(String id, java.util.function.Predicate<Map<String, Object>> done,
                                                String password) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> legacyUser(id, password), u -> u != null && done.test(u));
    }

    private static Map<String, Object> legacyUser(String id) throws SQLException {
        return legacyUser(id, "");
    }

    /** The row as GoTrue reads it, and whether the password matches its hash (pgcrypto's bcrypt). */
    private static Map<String, Object> legacyUser(String id, String password) throws SQLException {
        try (Connection c = legacy()) {
            var select = c.prepareStatement("SELECT email, aud, confirmation_token, encrypted_password, deleted_at, updated_at, "
                    + "encrypted_password <> '' AND encrypted_password = crypt(?, encrypted_password) AS password_ok "
                    + "FROM auth.users WHERE id = ?::uuid");
            select.setString(1, password);
            select.setString(2, id);
            ResultSet rs = select.executeQuery();
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> row = new java.util.HashMap<>();
            for (String column : List.of("email", "aud", "confirmation_token", "encrypted_password", "deleted_at",
                    "updated_at", "password_ok")) {
                row.put(column, rs.getObject(column));
            }
            return row;
        }
    }

    private static List<String> legacyIdentities(String id) throws SQLException {
        return legacyIdentityColumn("provider || ':' || provider_id", id);
    }

    private static List<String> legacyIdentityIds(String id) throws SQLException {
        return legacyIdentityColumn("CAST(id AS text)", id);
    }

    /** One text column of each of the user's GoTrue identities. */
    private static List<String> legacyIdentityColumn(String column, String id) throws SQLException {
        try (Connection c = legacy()) {
            var select = c.prepareStatement("SELECT " + column + " FROM auth.identities WHERE user_id = ?::uuid");
            select.setString(1, id);
            ResultSet rs = select.executeQuery();
            List<String> found = new java.util.ArrayList<>();
            while (rs.next()) {
                found.add(rs.getString(1));
            }
            return found;
        }
    }

    /**
     * The failback's check of a legacy table ({@code /api/identity/internal/legacy/<table>/failback}, services only)
     * compares rows, and none of {@code ids} is missing, extra or changed.
     */
    private void assertCarriedBack(String table, List<String> ids) throws Exception {
        String token = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null)
                .token(Map.of("grant_type", "client_credentials", "scope", "services")).get("access_token").asString();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/identity/internal/legacy/" + table + "/failback"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = EventJson.MAPPER.readTree(response.body());
        assertThat(report.path("error").isString()).as("no error: %s", report).isFalse();
        assertThat(report.path("compared").asLong()).as("rows compared: %s", report).isPositive();
        assertThat(report.path("missing").valueStream().map(JsonNode::asString)).as("missing: %s", report)
                .doesNotContainAnyElementsOf(ids);
        assertThat(report.path("extra").valueStream().map(JsonNode::asString)).as("extra: %s", report)
                .doesNotContainAnyElementsOf(ids);
        assertThat(report.path("changed").propertyNames()).as("changed: %s", report).doesNotContainAnyElementsOf(ids);
    }

    /** The writer's record of the user's events (of one type, or all). */
    private static List<Map<String, Object>> applied(String aggregateId, String type) throws SQLException {
        try (Connection c = legacy()) {
            var select = c.prepareStatement("SELECT event_id, event_type, carried, why FROM platform_failback.applied_event "
                    + "WHERE aggregate_id = ? AND (? IS NULL OR event_type = ?)");
            select.setString(1, aggregateId);
            select.setString(2, type);
            select.setString(3, type);
            ResultSet rs = select.executeQuery();
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                row.put("event_id", rs.getString(1));
                row.put("event_type", rs.getString(2));
                row.put("carried", rs.getBoolean(3));
                row.put("why", rs.getString(4));
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * The changes of {@code auth.users} logical decoding holds for the slot (peeked, not consumed), all of them or
     * only those of no replication origin (test_decoding's {@code only-local}, what pgoutput's {@code origin 'none'}
     * does for the capture).
     */
    private static List<String> decodedUserChanges(boolean onlyLocal) throws SQLException {
        try (Connection c = legacy()) {
            ResultSet rs = c.createStatement().executeQuery("SELECT data FROM pg_logical_slot_peek_changes('" + SLOT
                    + "', NULL, NULL, 'only-local', '" + onlyLocal + "') WHERE data LIKE 'table auth.users:%'");
            List<String> changes = new java.util.ArrayList<>();
            while (rs.next()) {
                changes.add(rs.getString(1));
            }
            return changes;
        }
    }

    private OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    private static Connection legacy() throws SQLException {
        return DriverManager.getConnection(LEGACY.jdbcUrl(), LEGACY.username(), LEGACY.password());
    }
}
