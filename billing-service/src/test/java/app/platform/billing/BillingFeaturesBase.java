package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.tax.application.TaxForms;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.LocalWeb;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestTokenIssuer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Billing on real PostgreSQL and Kafka, one feature per class: cards as tokens ({@link PaymentMethodsIT}), terms
 * ({@link AgreementsIT}), subscriptions and their scheduler, two instances ({@link SubscriptionsIT}), retries, paying
 * now with idempotency keys and refunds ({@link PaymentsIT}), the provider's signed webhooks ({@link WebhooksIT}), tax
 * forms ({@link TaxFormsIT}), monitoring ({@link MonitoringIT}), and neither card numbers nor tax ids in logs or
 * events ({@link SensitiveDataIT}).
 *
 * <p>What they share is here: the configuration, so every feature class runs in one Spring context on one database
 * (the testkit keys both by this class, which declares {@link RealInfrastructure}), as when they were one class; the
 * token issuer and Kafka client, made once for all of them and closed when the JVM ends (an {@code @AfterAll} here
 * would run after each class and close them under the next one); and the calls every feature makes.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "billing.scheduler.first-run=PT24H", "logging.level.org.springframework.http.codec.json.JacksonJsonDecoder=DEBUG",
        "billing.plans.vip.price-minor=250000", "billing.plans.vip.currency=EUR", "billing.plans.vip.interval=month",
        "billing.plans.vip.trial-days=0",
        "billing.monitoring.amount-threshold-minor=100000",
        "billing.tax-id.keys.old=b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE=",
        "billing.tax-id.keys.new=bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=",
        "billing.tax-id.current-key=new"})
abstract class BillingFeaturesBase {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SECRET = "whsec_local_development_only";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            issuer.close();
            kafka.close();
        }, "billing-features-close"));
    }

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TaxForms taxForms;
    @Autowired
    Environment environment;

    final String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");

    record Reply(int status, JsonNode body, HttpHeaders headers) {
        String text(String field) {
            return body.path(field).asString();
        }
    }

    String token(UUID user) {
        return issuer.accessToken(user, user + "@example.com", "authenticated");
    }

    Reply call(String token, HttpMethod method, String path, Object body, Consumer<HttpHeaders> headers) {
        var request = LocalWeb.client(port).method(method).uri(path).headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                    headers.accept(h);
                });
        var result = (body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange())
                .expectBody(String.class).returnResult();
        String text = result.getResponseBody();
        return new Reply(result.getStatus().value(), text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text),
                result.getResponseHeaders());
    }

    Reply call(String token, HttpMethod method, String path, Object body) {
        return call(token, method, path, body, h -> { });
    }

    /** A member who accepted the current terms and holds a card of this test token. */
    UUID member(String cardToken) {
        UUID user = UUID.randomUUID();
        acceptTerms(user);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/me/payment-methods", Map.of("token", cardToken)).status())
                .isEqualTo(201);
        return user;
    }

    void acceptTerms(UUID user) {
        Reply terms = call(token(user), HttpMethod.GET, "/api/billing/terms", null);
        assertThat(call(token(user), HttpMethod.POST, "/api/billing/me/agreements",
                Map.of("version", terms.text("version"), "hash", terms.text("hash"))).status()).isEqualTo(201);
    }

    Reply subscribe(UUID user, String plan) {
        return call(token(user), HttpMethod.POST, "/api/billing/me/subscriptions", Map.of("plan", plan));
    }

    void makeDue(UUID subscriptionId) {
        db.sql("UPDATE user_billing_schedules SET next_charge_at = now() - interval '1 second' WHERE subscription_id = :id")
                .bind("id", subscriptionId).then().block();
    }

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    /** The outbox payloads of this type about this aggregate, each checked against its schema. */
    List<String> events(String type, Object aggregateId) {
        List<String> payloads = db.sql("SELECT payload::text FROM outbox WHERE type = :type AND aggregateid = :id ORDER BY occurred_at")
                .bind("type", type).bind("id", aggregateId.toString()).map(r -> r.get(0, String.class)).all().collectList().block();
        payloads.forEach(EventSchemaValidator::assertValid);
        return payloads;
    }

    Reply schedule(UUID subscriptionId) {
        var s = subscriptions.scheduleOf(subscriptionId).block();
        return new Reply(200, JSON.valueToTree(s), null);
    }
}
