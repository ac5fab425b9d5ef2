package app.platform.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.billing.SubscriptionStarted;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Membership's reverse stream (failback) against the demo legacy database: members made here, with memberships, a
 * queue, a verification, a payout and disputes, are in the legacy app's tables once the stream runs, under their own
 * ids (their app users are written by profile's stream: here by the test); the member paid out has left the queue and
 * the one behind moved up, the demo's own entries untouched; a resolution is the legacy {@code resolved}; a member
 * whose app user reaches the legacy database only after the stream started is carried when it does; each event is
 * applied once, however often it is delivered. The failback's check finds every legacy row of these members as
 * membership holds it.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.failback.enabled=true", "platform.failback.gate=200ms",
                "platform.failback.parent-wait=PT2M", "membership.payouts.first-run=PT24H"})
class LegacyFailbackIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final TestDatabase LEGACY = Infrastructure.newDatabase("membership_failback");
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
    FailbackCheck failback;
    final String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
    final Map<UUID, EventEnvelope> relayed = new LinkedHashMap<>();

    @Test
    void membersMadeHereAreInTheLegacyAppsTablesOnce() throws Exception {
        UUID first = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        List<UUID> users = List.of(first, member, third, late);
        for (UUID user : List.of(first, member, third)) {
            legacyAppUser(user);
        }
        users.forEach(this::activeMember);
        for (UUID user : List.of(first, member, third)) {
            call(token(user), HttpMethod.POST, "/api/membership/me/queue", null).expectStatus().isCreated();
        }
        String me = token(member);
        call(me, HttpMethod.POST, "/api/membership/me/kyc", Map.of("documents", List.of(Map.of("type", "passport",
                "country", "DE", "reference", "docs://k3f9-a81c-passport")))).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/review", null).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/kyc/" + member + "/approve", null).expectStatus().isOk();
        // the first in the queue is not verified: the member, second, gets the payout
        Map<String, Object> scheduled = json(call(admin, HttpMethod.POST, "/api/membership/admin/payouts/schedule", null)
                .expectStatus().isCreated());
        assertThat(scheduled).containsEntry("userId", member.toString());
        String payout = (String) scheduled.get("id");
        String dispute = (String) json(call(me, HttpMethod.POST, "/api/membership/me/disputes", Map.of("subjectType",
                "payout", "subjectId", payout, "message", "The amount is wrong")).expectStatus().isCreated()).get("id");
        call(admin, HttpMethod.POST, "/api/membership/admin/disputes/" + dispute + "/resolve",
                Map.of("resolution", "resolved_member")).expectStatus().isOk();
        // a dispute about a membership (the legacy table knows only payouts), withdrawn
        String membership = text("SELECT CAST(id AS text) FROM user_memberships WHERE user_id = '" + third + "'");
        String withdrawn = (String) json(call(token(third), HttpMethod.POST, "/api/membership/me/disputes",
                Map.of("subjectType", "membership", "subjectId", membership, "message", "Wrong plan"))
                .expectStatus().isCreated()).get("id");
        call(token(third), HttpMethod.POST, "/api/membership/me/disputes/" + withdrawn + "/withdraw", null)
                .expectStatus().isOk();
        relay(users);

        try (Connection c = legacy()) {
            ReverseStream.start(c);
        }
        // the stream runs; the late member's app user is not in the legacy database yet, so its membership waits
        await().atMost(Duration.ofSeconds(60)).until(() -> !legacyRows("SELECT count(*) FROM platform_failback.applied_event "
                + "WHERE " + ours()).equals(List.of("0")));
        assertThat(legacyRows("SELECT count(*) FROM public.user_memberships WHERE user_id = '" + late + "'"))
                .containsExactly("0");
        legacyAppUser(late);
        awaitCarried();
        assertThat(legacyRows("SELECT user_id || ' ' || plan || ' ' || status FROM public.user_memberships WHERE user_id IN "
                + in(users))).containsExactlyInAnyOrder(first + " gold active", member + " gold active",
                third + " gold active", late + " gold active");
        assertThat(legacyRows("SELECT user_id || ' ' || position FROM public.membership_queue WHERE user_id IN " + in(users)
                + " ORDER BY position")).containsExactly(first + " 1", member + " 2", third + " 3");
        assertThat(legacyRows("SELECT id || ' ' || status || ' ' || document_type || ' ' || document_reference || ' ' "
                + "|| (reviewed_at IS NOT NULL) FROM public.kyc_verification WHERE user_id = '" + member + "'"))
                .containsExactly(member + " approved passport docs://k3f9-a81c-passport true");
        assertThat(legacyRows("SELECT coalesce(CAST(payout_id AS text), '-') || ' ' || status || ' ' || reason || ' ' "
                + "|| (resolved_at IS NOT NULL) FROM public.disputes WHERE user_id IN " + in(users) + " ORDER BY opened_at"))
                .containsExactly(payout + " resolved The amount is wrong true", "- withdrawn Wrong plan true");

        // paid out, the member leaves the queue (one event: those behind move up with none of their own)
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payout + "/approve", null).expectStatus().isOk();
        call(admin, HttpMethod.POST, "/api/membership/admin/payouts/" + payout + "/pay", null).expectStatus().isOk();
        relay(users);
        kafka.publish(relayed.values().stream().filter(e -> e.eventType().equals("PayoutPaid")).findFirst().orElseThrow());
        awaitCarried();
        assertThat(legacyRows("SELECT amount || ' ' || currency || ' ' || status || ' ' || (paid_at IS NOT NULL) "
                + "FROM public.payout_management WHERE id = '" + payout + "'")).containsExactly("100.0000 EUR paid true");
        assertThat(legacyRows("SELECT user_id || ' ' || position FROM public.membership_queue WHERE user_id IN " + in(users)
                + " ORDER BY position")).containsExactly(first + " 1", third + " 2");
        // the demo's own five entries, which this platform neither imported nor wrote, are as they were
        assertThat(legacyRows("SELECT count(*) FROM public.membership_queue")).containsExactly("7");
        // every event once, carried; the one delivered twice too
        assertThat(legacyRows("SELECT count(*) FROM platform_failback.applied_event WHERE " + ours()))
                .containsExactly(String.valueOf(relayed.size()));

        // the failback's check: none of these members' legacy rows is missing, extra or changed (the demo's own rows,
        // never imported here, are missing: not this test's)
        for (String table : List.of("public.user_memberships", "public.membership_queue", "public.kyc_verification",
                "public.payout_management", "public.disputes")) {
            List<String> ids = legacyRows("SELECT CAST(id AS text) FROM " + table + " WHERE user_id IN " + in(users));
            TargetReport report = failback.check(table);
            assertThat(ids).as(table).isNotEmpty();
            assertThat(report.error()).as("%s", report).isNull();
            assertThat(report.compared()).as("%s", report).isPositive();
            assertThat(report.missing()).as("missing: %s", report).doesNotContainAnyElementsOf(ids);
            assertThat(report.extra()).as("extra: %s", report).doesNotContainAnyElementsOf(ids);
            assertThat(report.changed()).as("changed: %s", report).doesNotContainKeys(ids.toArray(String[]::new));
        }
    }

    /** Until every relayed event is carried (the stream retries one whose app user is not there yet). */
    private void awaitCarried() {
        await().atMost(Duration.ofSeconds(90)).until(() -> legacyRows("SELECT count(*) FROM platform_failback.applied_event "
                + "WHERE carried AND " + ours()).equals(List.of(String.valueOf(relayed.size()))));
    }

    /** This service's marks of the relayed events. */
    private String ours() {
        return "service = 'membership-service' AND event_id IN " + relayed.keySet().stream().map(id -> "'" + id + "'")
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** A member whose subscription started (as billing says so), waited for until active. */
    private void activeMember(UUID user) {
        kafka.publish(EventEnvelope.wrap(new SubscriptionStarted(UUID.randomUUID(), user, "gold", Instant.now()),
                new EventMetadata("corr-failback", "system"), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(text(
                "SELECT coalesce(max(status), 'none') FROM user_memberships WHERE user_id = '" + user + "'")));
    }

    /** The member's app user in the legacy database, as profile's reverse stream writes one made here. */
    private static void legacyAppUser(UUID user) throws SQLException {
        try (Connection c = legacy(); PreparedStatement st = c.prepareStatement("INSERT INTO public.users "
                + "(id, auth_user_id, email, email_verified, status) VALUES (?, ?, ?, true, 'active')")) {
            st.setObject(1, user);
            st.setString(2, user.toString());
            st.setString(3, user + "@example.com");
            st.executeUpdate();
        }
    }

    /**
     * What cdc-relay does for membership's outbox, for these members' events only (other tests' events may reach
     * this service): each new one published to its topic, keyed by its aggregate, in order.
     */
    private void relay(List<UUID> users) {
        for (String payload : db.sql("SELECT payload::text FROM outbox WHERE payload -> 'data' ->> 'userId' IN "
                + in(users) + " ORDER BY occurred_at").map((r, m) -> r.get(0, String.class)).all().collectList().block()) {
            EventEnvelope event = EventJson.read(payload);
            if (relayed.putIfAbsent(event.eventId(), event) == null) {
                kafka.publish(event);
            }
        }
    }

    private static String in(List<UUID> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    private String token(UUID user) {
        return issuer.accessToken(user, user + "@example.com", "authenticated");
    }

    private String text(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, String.class)).one().block();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body) {
        var request = LocalWeb.client(port).method(method).uri(path).headers(h -> h.setBearerAuth(token));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
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
