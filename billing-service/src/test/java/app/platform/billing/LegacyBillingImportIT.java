package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LegacyImportFixture;
import app.platform.testkit.RealInfrastructure;
import java.time.Duration;
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
 * The cutover's billing import (tables empty in production, handled all the same): subscriptions priced from the
 * catalog, payments in minor units, and what cannot be imported (an unknown plan, a card without the provider's
 * token) reported with its reason while the rest goes on.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "billing.legacy-import.enabled=true")
class LegacyBillingImportIT {

    static final LegacyImportFixture legacy = new LegacyImportFixture("billing", "legacybilling");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        legacy.register(registry);
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
    void importsSubscriptionsAndPaymentsAndReportsWhatItCannotImport() throws Exception {
        legacy.createDemo(1);
        legacy.execute("""
                INSERT INTO public.user_subscriptions (id, user_id, plan, status)
                SELECT legacy_demo_id('sub', 1), legacy_demo_id('app', 1), 'gold', 'active'
                UNION ALL SELECT legacy_demo_id('sub', 2), legacy_demo_id('app', 2), 'platinum', 'active';
                INSERT INTO public.user_payments (id, user_id, amount, currency, status)
                VALUES (legacy_demo_id('pay', 1), legacy_demo_id('app', 1), 19.99, 'eur', 'succeeded');
                INSERT INTO public.user_payment_methods (id, user_id, brand, last4)
                VALUES (legacy_demo_id('pm', 1), legacy_demo_id('app', 1), 'visa', '4242')""");
        legacy.publishSnapshot("public.user_subscriptions", "public.user_payments",
                "public.user_payment_methods", "public.users");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM legacy_row WHERE NOT applied AND waits_for IS NULL") == 2
                && count("SELECT count(*) FROM legacy_row WHERE applied") == 17 + 2);
        assertThat(count("SELECT count(*) FROM user_subscriptions WHERE plan = 'gold' AND price_minor = 1999 AND status = 'active'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_billing_schedules")).as("the legacy side charges until the cutover ends").isZero();
        assertThat(count("SELECT count(*) FROM user_payments WHERE amount_minor = 1999 AND currency = 'EUR'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM user_payment_methods")).isZero();
        JsonNode methods = state("public.user_payment_methods");
        assertThat(methods.path("problems").toString()).contains("provider's token");
        assertThat(state("public.user_subscriptions").path("problems").toString()).contains("platinum");
        assertThat(legacy.ledger(port, "public.user_payments"))
                .isEqualTo(legacy.digests("public.user_payments"));
        assertThat(count("SELECT count(*) FROM outbox")).as("imports announce nothing").isZero();
    }

    private JsonNode state(String table) {
        return legacy.state(port, table);
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }
}
