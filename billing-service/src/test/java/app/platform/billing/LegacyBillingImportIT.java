package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LegacyImportFixture;
import app.platform.testkit.RealInfrastructure;
import java.time.Duration;
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
 * The cutover's billing import (tables empty in production, handled all the same): subscriptions priced from the
 * catalog, payments in minor units, and what cannot be imported (an unknown plan, a card without the provider's
 * token) reported with its reason while the rest goes on; what billing's own tables hold of each legacy table, turned
 * back into its columns, is what it imported, and a column the importer loses is named. The tests share the database
 * and run in order: the later ones build on the first one's import.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "billing.legacy-import.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyBillingImportIT {

    static final String SUBSCRIPTIONS = "public.user_subscriptions";
    static final String PAYMENTS = "public.user_payments";
    static final String METHODS = "public.user_payment_methods";

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
    @Order(1)
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

    @Test
    @Order(2)
    void whatBillingHoldsIsWhatItImported() throws Exception {
        // a card with the provider's token (the demo's table has no token: its card stays refused), a status in another
        // case, a payment refunded, another one made and deleted
        legacy.execute("""
                ALTER TABLE public.user_payment_methods ADD COLUMN IF NOT EXISTS provider_token text,
                    ADD COLUMN IF NOT EXISTS exp_month integer, ADD COLUMN IF NOT EXISTS exp_year integer;
                INSERT INTO public.user_payment_methods (id, user_id, brand, last4, provider_token, exp_month, exp_year)
                VALUES (legacy_demo_id('pm', 2), legacy_demo_id('app', 2), ' Visa', '4242', 'tok_visa', 12, 2030);
                INSERT INTO public.user_payments (id, user_id, amount, currency, status)
                VALUES (legacy_demo_id('pay', 2), legacy_demo_id('app', 2), 5, 'EUR', 'failed')""");
        String card = id("pm", 2);
        String subscription = id("sub", 1);
        String paid = id("pay", 1);
        String deleted = id("pay", 2);
        legacy.publish(METHODS, key(card), "c", legacy.row("SELECT * FROM " + METHODS + " WHERE id = '" + card + "'"));
        legacy.publish(PAYMENTS, key(deleted), "c", legacy.row("SELECT * FROM " + PAYMENTS + " WHERE id = '" + deleted + "'"));
        legacy.updateAndPublish(SUBSCRIPTIONS, "status = 'Past_Due'", "id = '" + subscription + "'", key(subscription));
        legacy.updateAndPublish(PAYMENTS, "status = 'refunded'", "id = '" + paid + "'", key(paid));
        legacy.deleteAndPublish(PAYMENTS, "id = '" + deleted + "'", key(deleted));
        await().atMost(Duration.ofSeconds(60)).until(() -> ledgerHas(METHODS, card, "brand", " Visa")
                && ledgerHas(SUBSCRIPTIONS, subscription, "status", "Past_Due") && ledgerHas(PAYMENTS, paid, "status", "refunded")
                && count("SELECT count(*) FROM legacy_row WHERE legacy_id = '" + deleted + "' AND applied AND deleted") == 1);

        for (String table : new String[] {SUBSCRIPTIONS, PAYMENTS, METHODS}) {
            JsonNode report = legacy.target(port, table);
            assertThat(matches(report)).as(report.toString()).isTrue();
            assertThat(report.path("compared").asLong()).as(report.toString()).isPositive();
            assertThat(report.path("dropped").isEmpty()).as("billing keeps every legacy column: " + report).isTrue();
        }
    }

    @Test
    @Order(3)
    void aColumnTheImporterLosesIsNamed() throws Exception {
        String card = id("pm", 2);
        String where = "id = '" + card + "'";
        legacy.breakColumn(port, METHODS, "brand");
        try {
            legacy.updateAndPublish(METHODS, "brand = 'mastercard'", where, key(card));
            await().atMost(Duration.ofSeconds(60)).until(() -> ledgerHas(METHODS, card, "brand", "mastercard"));
            JsonNode report = legacy.target(port, METHODS);
            assertThat(report.path("changed").path(card).toString()).as(report.toString()).isEqualTo("[\"brand\"]");
            assertThat(report.path("changedCount").asLong()).as(report.toString()).isEqualTo(1);
        } finally {
            legacy.mend(port, METHODS);
        }
        legacy.updateAndPublish(METHODS, "brand = 'amex'", where, key(card));
        await().atMost(Duration.ofSeconds(60)).until(() -> ledgerHas(METHODS, card, "brand", "amex"));
        JsonNode report = legacy.target(port, METHODS);
        assertThat(matches(report)).as(report.toString()).isTrue();
    }

    /** Whether a target report compared without an error and found no id missing, extra or changed. */
    private static boolean matches(JsonNode report) {
        return !report.path("error").isString() && report.path("missingCount").asLong() == 0
                && report.path("extraCount").asLong() == 0 && report.path("changedCount").asLong() == 0;
    }

    /** The demo's deterministic id of the {@code n}-th row of a kind. */
    private static String id(String kind, int n) throws Exception {
        return legacy.text("SELECT legacy_demo_id('" + kind + "', " + n + ")");
    }

    /** The capture's key of a row. */
    private static String key(String id) {
        return "{\"id\":\"" + id + "\"}";
    }

    /** Whether the ledger has the legacy row with that value, applied (the service's tables changed with it). */
    private boolean ledgerHas(String table, String id, String column, String value) {
        return count("SELECT count(*) FROM legacy_row WHERE source_table = '" + table + "' AND legacy_id = '" + id
                + "' AND applied AND row->>'" + column + "' = '" + value + "'") == 1;
    }

    private JsonNode state(String table) {
        return legacy.state(port, table);
    }

    private long count(String sql) {
        return db.sql(sql).map((r, m) -> r.get(0, Long.class)).one().block();
    }
}
