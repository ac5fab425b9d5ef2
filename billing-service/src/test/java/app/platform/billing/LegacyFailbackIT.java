package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.billing.legacy.application.LegacyBillingImport;
import app.platform.events.EventJson;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Billing's reverse stream (failback) against the demo legacy database: a member's cards, subscription and its first
 * payment, made here through billing's API, are in the legacy app's tables under their own ids once the stream runs
 * (the amount in major units, statuses as the legacy app writes them, a card as brand and last 4); a card removed here
 * goes there with the member's next event (the cancellation, which the legacy subscription follows), while a legacy
 * card billing never knew stays; each event is applied once; the accepted terms are recorded as not carried, with why;
 * the failback's check finds the member's rows made here in the legacy tables as billing holds them.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.failback.enabled=true", "platform.failback.gate=200ms", "billing.scheduler.first-run=PT24H"})
class LegacyFailbackIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final TestDatabase LEGACY = Infrastructure.newDatabase("billing_failback");
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
    final Set<UUID> relayed = new HashSet<>();

    @Test
    void aMembersBillingMadeHereIsInTheLegacyAppsTablesOnce() throws Exception {
        UUID userId = UUID.randomUUID();
        String token = issuer.accessToken(userId, "payer@example.com", "authenticated");
        Map<?, ?> terms = body(call(token, HttpMethod.GET, "/api/billing/terms", null).expectStatus().isOk());
        call(token, HttpMethod.POST, "/api/billing/me/agreements", Map.of("version", terms.get("version"),
                "hash", terms.get("hash"))).expectStatus().isCreated();
        Object visa = body(call(token, HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", "tok_visa"))
                .expectStatus().isCreated()).get("id");
        Object mastercard = body(call(token, HttpMethod.POST, "/api/billing/me/payment-methods",
                Map.of("token", "tok_mastercard")).expectStatus().isCreated()).get("id");
        Object subscription = body(call(token, HttpMethod.POST, "/api/billing/me/subscriptions", Map.of("plan", "basic"))
                .expectStatus().isCreated()).get("id");
        relay();

        // a card the legacy app holds of this member that billing never knew: the stream leaves it alone
        UUID amex = UUID.randomUUID();
        try (Connection c = legacy()) {
            c.createStatement().execute("INSERT INTO public.user_payment_methods (id, user_id, brand, last4) VALUES ('"
                    + amex + "', '" + userId + "', 'amex', '0005')");
            ReverseStream.start(c);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> applied().size() == relayed.size());
        assertThat(legacyRows("SELECT id || ' ' || plan || ' ' || status FROM public.user_subscriptions WHERE user_id = '"
                + userId + "'")).containsExactly(subscription + " basic active");
        assertThat(legacyRows("SELECT CAST(amount AS numeric(19, 2)) || ' ' || currency || ' ' || status "
                + "FROM public.user_payments WHERE user_id = '" + userId + "'")).containsExactly("9.99 EUR succeeded");
        assertThat(legacyRows("SELECT brand || ' ' || last4 FROM public.user_payment_methods WHERE user_id = '"
                + userId + "'")).containsExactlyInAnyOrder("visa 4242", "mastercard 4444", "amex 0005");

        // a card removed (no event of its own) and the subscription cancelled now: the cancellation carries both
        call(token, HttpMethod.DELETE, "/api/billing/me/payment-methods/" + mastercard, null).expectStatus().isNoContent();
        call(token, HttpMethod.POST, "/api/billing/me/subscriptions/" + subscription + "/cancel",
                Map.of("atPeriodEnd", false)).expectStatus().isOk();
        relay();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied().size() == relayed.size());
        assertThat(legacyRows("SELECT plan || ' ' || status FROM public.user_subscriptions WHERE user_id = '" + userId
                + "'")).containsExactly("basic cancelled");
        assertThat(legacyRows("SELECT brand || ' ' || last4 FROM public.user_payment_methods WHERE user_id = '"
                + userId + "'")).containsExactlyInAnyOrder("visa 4242", "amex 0005");
        assertThat(legacyRows("SELECT count(*) FROM public.user_payments WHERE user_id = '" + userId + "'"))
                .containsExactly("1");

        // every event once, for this service; the accepted terms named as not carried
        assertThat(applied()).contains("AgreementAccepted false", "PaymentMethodAdded true", "SubscriptionStarted true",
                "PaymentSucceeded true", "SubscriptionCancelled true").hasSize(relayed.size());
        assertThat(legacyRows("SELECT why FROM platform_failback.applied_event WHERE service = 'billing-service' "
                + "AND event_type = 'AgreementAccepted' AND event_id IN (" + inList() + ")"))
                .singleElement().asString().contains("agreements");

        // the failback's check: each of the member's rows made here is in the legacy tables as billing holds it (the
        // removed card in neither); the legacy card billing never knew is missing from billing
        Object payment = db.sql("SELECT id FROM user_payments WHERE user_id = :user").bind("user", userId)
                .map((r, m) -> r.get(0, UUID.class)).one().block();
        Map<String, List<Object>> madeHere = Map.of(LegacyBillingImport.SUBSCRIPTIONS, List.of(subscription),
                LegacyBillingImport.PAYMENTS, List.of(payment), LegacyBillingImport.METHODS, List.of(visa, mastercard));
        for (Map.Entry<String, List<Object>> table : madeHere.entrySet()) {
            TargetReport report = failback.check(table.getKey());
            List<String> listed = new ArrayList<>(report.missing());
            listed.addAll(report.extra());
            listed.addAll(report.changed().keySet());
            assertThat(report.compared()).as(report.toString()).isPositive();
            assertThat(listed).as(report.toString())
                    .doesNotContainAnyElementsOf(table.getValue().stream().map(String::valueOf).toList());
        }
        assertThat(failback.check(LegacyBillingImport.METHODS).missing()).contains(amex.toString());
    }

    /** What cdc-relay does for billing's outbox: each new row published to its topic, keyed by its aggregate. */
    private void relay() {
        for (Map<String, Object> row : db.sql("SELECT id, payload::text AS payload FROM outbox ORDER BY occurred_at")
                .fetch().all().collectList().block()) {
            if (relayed.add((UUID) row.get("id"))) {
                kafka.publish(EventJson.read((String) row.get("payload")));
            }
        }
    }

    /**
     * Billing's marks of the events relayed here in the legacy database (other tests' events share the broker); the
     * outbox row's id is the event's.
     */
    private List<String> applied() throws SQLException {
        return legacyRows("SELECT event_type || ' ' || carried FROM platform_failback.applied_event "
                + "WHERE service = 'billing-service' AND event_id IN (" + inList() + ")");
    }

    private String inList() {
        return relayed.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    }

    private WebTestClient.ResponseSpec call(String token, HttpMethod method, String path, Object body) {
        var request = LocalWeb.client(port).method(method).uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    private static Map<?, ?> body(WebTestClient.ResponseSpec response) {
        return response.expectBody(Map.class).returnResult().getResponseBody();
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
