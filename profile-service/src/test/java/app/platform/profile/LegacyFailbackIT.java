package app.platform.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.failback.FailbackCheck;
import app.platform.failback.ReverseStream;
import app.platform.legacy.TargetReport;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.LocalWeb;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Profile's reverse stream (failback) against the demo legacy database: an app user made here (from identity's
 * registration), with a profile, contacts and an address, is in the legacy app's tables under its own id once the
 * stream runs; identity's verification of the address makes it active there too, and a removed contact goes, carried
 * through an outage of profile's database and then of the legacy one; each event is applied once; the settings are
 * recorded as not carried, with why; the failback's check of each table finds the user's rows alike on both sides.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.failback.enabled=true", "platform.failback.gate=200ms"})
class LegacyFailbackIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final TestDatabase LEGACY = Infrastructure.newDatabase("profile_failback");
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("platform.failback.url", LEGACY::jdbcUrl);
        registry.add("platform.failback.username", LEGACY::username);
        registry.add("platform.failback.password", LEGACY::password);
    }

    @BeforeAll
    static void legacyDatabase() throws SQLException {
        try (Connection c = legacy()) {
            LegacyDemo.create(c, 1, false);
        }
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
    FailbackCheck failbackCheck;
    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;
    final Set<UUID> relayed = new HashSet<>();

    @Test
    void anAppUserMadeHereIsInTheLegacyAppsTablesOnce(TestDatabase profileDb) throws Exception {
        UUID userId = UUID.randomUUID();
        Instant now = Instant.now();
        EventMetadata meta = new EventMetadata("corr-failback", "user:" + userId);
        kafka.publish(EventEnvelope.wrap(new UserRegistered(userId, "back@example.com", false, "password", false, now),
                meta, now));
        String token = issuer.accessToken(userId, "back@example.com", "authenticated");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM users WHERE id = '" + userId + "'") == 1);
        call(token, "PATCH", "/api/profile/me/profile", Map.of("displayName", "Back Again", "bio", "here and there"))
                .expectStatus().isOk();
        String phone = call(token, "POST", "/api/profile/me/contacts", Map.of("kind", "phone", "type", "mobile",
                "value", "+44 20 7946 0958")).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id").toString();
        String email = call(token, "POST", "/api/profile/me/contacts", Map.of("kind", "email", "type", "work",
                "value", "work@example.com")).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id").toString();
        String address = call(token, "POST", "/api/profile/me/addresses", Map.of("type", "home", "line1", "1 Main St",
                "city", "Berlin", "country", "de")).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id").toString();
        call(token, "PATCH", "/api/profile/me/settings/appearance", Map.of("theme", "dark")).expectStatus().isOk();
        relay();

        try (Connection c = legacy()) {
            ReverseStream.start(c);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows("SELECT count(*) FROM public.user_addresses "
                + "WHERE user_id = '" + userId + "'").equals(List.of("1")));
        assertThat(legacyRows("SELECT auth_user_id || ' ' || email || ' ' || status FROM public.users WHERE id = '"
                + userId + "'")).containsExactly(userId + " back@example.com pending");
        assertThat(legacyRows("SELECT display_name || ' ' || bio FROM public.user_profiles WHERE user_id = '" + userId + "'"))
                .containsExactly("Back Again here and there");
        assertThat(legacyRows("SELECT kind || ' ' || value || ' ' || is_primary FROM public.user_contacts WHERE user_id = '"
                + userId + "'")).containsExactlyInAnyOrder("phone +442079460958 true", "email work@example.com true");
        assertThat(legacyRows("SELECT line1 || ', ' || city || ' ' || country FROM public.user_addresses WHERE user_id = '"
                + userId + "'")).containsExactly("1 Main St, Berlin DE");

        // identity verifies the address (no profile event of its own for the address) and a contact is removed here,
        // carried while first profile's database, then both, then the legacy one are gone: retried, applied once
        Instant later = Instant.now();
        call(token, "DELETE", "/api/profile/me/contacts/" + phone, null).expectStatus().isNoContent();
        relay();
        profileDb.reachable(false);
        kafka.publish(EventEnvelope.wrap(new UserEmailVerified(userId, later), meta, later));
        Thread.sleep(2_000); // the writer meets the gone database (its listener retries); nothing to await from outside
        LEGACY.reachable(false);
        profileDb.reachable(true);
        Thread.sleep(2_000); // now it meets the gone legacy database
        LEGACY.reachable(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows("SELECT email_verified || ' ' || status || ' ' || "
                + "(SELECT count(*) FROM public.user_contacts WHERE user_id = u.id) FROM public.users u WHERE id = '"
                + userId + "'").equals(List.of("true active 1")));
        relay(); // what profile wrote of the verification (the user active) meanwhile
        String appliedHere = "SELECT count(*) FROM platform_failback.applied_event WHERE service = 'profile-service' "
                + "AND aggregate_id = '" + userId + "'";
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows(appliedHere)
                .equals(List.of(String.valueOf(ownEvents(userId) + 1))));

        // every event once, for this service; the settings named as not carried
        List<String> applied = legacyRows("SELECT event_type || ' ' || carried FROM platform_failback.applied_event "
                + "WHERE service = 'profile-service' AND aggregate_id = '" + userId + "'");
        assertThat(applied).contains("UserEmailVerified true", "ProfileUpdated true", "SettingsChanged false")
                .hasSize(ownEvents(userId) + 1); // and identity's verification
        assertThat(legacyRows("SELECT why FROM platform_failback.applied_event WHERE event_type = 'SettingsChanged' "
                + "AND aggregate_id = '" + userId + "'")).singleElement().asString().contains("settings tables");

        // the failback's check finds the legacy tables holding what profile holds of the user made here, under the
        // ids the stream wrote (the demo's rows, never imported here, are missing: not asserted)
        Map<String, List<String>> own = Map.of("public.users", List.of(userId.toString()),
                "public.user_profiles", List.of(userId.toString()), "public.user_contacts", List.of(phone, email),
                "public.user_addresses", List.of(address));
        own.forEach((table, ids) -> {
            TargetReport report = failbackCheck.check(table);
            assertThat(report.error()).as("%s", report).isNull();
            assertThat(report.compared()).as("%s", report).isPositive();
            assertThat(report.missing()).as("%s", report).doesNotContainAnyElementsOf(ids);
            assertThat(report.extra()).as("%s", report).doesNotContainAnyElementsOf(ids);
            assertThat(report.changed()).as("%s", report).doesNotContainKeys(ids.toArray(String[]::new));
        });

        // a legacy profile of the user deleted during the capture: the failback wrote the profile under the user's own
        // id, and the deleted one's id is no extra row of the check
        db.sql("UPDATE users SET legacy_id = id WHERE id = :id").bind("id", userId).then().block();
        db.sql("INSERT INTO legacy_row (source_table, legacy_id, row, digest, deleted, applied, source_at) VALUES "
                        + "('public.user_profiles', :gone, jsonb_build_object('id', :gone, 'user_id', :user), repeat('0', 64), "
                        + "true, true, now())")
                .bind("gone", "00000000-0000-0000-0000-00000000d31e").bind("user", userId.toString()).then().block();
        TargetReport profiles = failbackCheck.check("public.user_profiles");
        assertThat(profiles.extra()).as("%s", profiles).doesNotContain("00000000-0000-0000-0000-00000000d31e");
        assertThat(profiles.missing()).as("%s", profiles).doesNotContain(userId.toString());

        // the primary moved to another address here: the legacy app's flags follow (ContactChanged)
        String second = call(token, "POST", "/api/profile/me/contacts", Map.of("kind", "email", "type", "personal",
                "value", "home@example.com")).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id").toString();
        relay();
        String flags = "SELECT value || ' ' || is_primary FROM public.user_contacts WHERE kind = 'email' AND user_id = '"
                + userId + "' ORDER BY value";
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows(flags)
                .equals(List.of("home@example.com false", "work@example.com true")));
        call(token, "PATCH", "/api/profile/me/contacts/" + second, Map.of("primary", true)).expectStatus().isOk();
        relay();
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows(flags)
                .equals(List.of("home@example.com true", "work@example.com false")));

        // identity's address change reaches the reverse stream before profile's own consumer has it (stopped here): the
        // stream waits for profile rather than carry the address profile held before, then carries the new one
        MessageListenerContainer profileOwn = listeners.getListenerContainer("profile-identity-events");
        profileOwn.stop();
        Instant moved = Instant.now();
        EventEnvelope change = EventEnvelope.wrap(new UserEmailChanged(userId, "moved@example.com", moved), meta, moved);
        try {
            kafka.publish(change);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> legacyRows(
                    "SELECT count(*) FROM platform_failback.applied_event WHERE event_id = '" + change.eventId() + "'")
                    .equals(List.of("0")));
        } finally {
            profileOwn.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows("SELECT email FROM public.users WHERE id = '"
                + userId + "'").equals(List.of("moved@example.com")));

        // a legacy table that lacks a column the writer names (a real project's own schema) cannot take the user: the
        // event is recorded not carried, naming why, and the stream goes on behind it
        try (Connection c = legacy()) {
            c.createStatement().execute("ALTER TABLE public.user_addresses RENAME COLUMN city TO town");
        }
        call(token, "PATCH", "/api/profile/me/profile", Map.of("displayName", "Schema Drift")).expectStatus().isOk();
        relay();
        String notCarried = "SELECT why FROM platform_failback.applied_event WHERE event_type = 'ProfileUpdated' "
                + "AND NOT carried AND aggregate_id = '" + userId + "'";
        await().atMost(Duration.ofSeconds(30)).until(() -> !legacyRows(notCarried).isEmpty());
        assertThat(legacyRows(notCarried)).singleElement().asString().contains("SQLSTATE 42703");
        try (Connection c = legacy()) {
            c.createStatement().execute("ALTER TABLE public.user_addresses RENAME COLUMN town TO city");
        }
        call(token, "PATCH", "/api/profile/me/profile", Map.of("displayName", "Back On Track")).expectStatus().isOk();
        relay();
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyRows("SELECT display_name FROM public.user_profiles "
                + "WHERE user_id = '" + userId + "'").equals(List.of("Back On Track")));
    }

    /** What cdc-relay does for profile's outbox: each new row published to its topic, keyed by its aggregate. */
    private void relay() {
        for (Map<String, Object> row : db.sql("SELECT id, payload::text AS payload FROM outbox ORDER BY occurred_at")
                .fetch().all().collectList().block()) {
            if (relayed.add((UUID) row.get("id"))) {
                kafka.publish(EventJson.read((String) row.get("payload")));
            }
        }
    }

    private int ownEvents(UUID userId) {
        return count("SELECT count(*) FROM outbox WHERE aggregateid = '" + userId + "'");
    }

    private int count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block().intValue();
    }

    private WebTestClient.ResponseSpec call(String token, String method, String path, Object body) {
        var request = LocalWeb.client(port).method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    private static List<String> legacyRows(String sql) throws SQLException {
        try (Connection c = legacy(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static Connection legacy() throws SQLException {
        return DriverManager.getConnection(LEGACY.jdbcUrl(), LEGACY.username(), LEGACY.password());
    }
}
