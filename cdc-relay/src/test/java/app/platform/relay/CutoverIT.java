package app.platform.relay;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaBootstrap;
import app.platform.testkit.KafkaTestClient;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The cutover's operations on a captured demo legacy database: the status shows the engine, the slot and the
 * publication; the report compares every legacy table with its importer's ledger (here served by a local stand-in of
 * the five services, whose ledgers are the legacy rows' digests with a gap, an extra row and a changed row) and names
 * the differences; finalizing is refused until verification passes, then stops the capture and drops the slot and
 * the publication from the legacy database, for good (a restarted relay does not capture again); an ended cutover
 * cannot be rolled back; only admins may do any of it.
 */
@RealInfrastructure
class CutoverIT {

    @Test
    void statusThenFinalizeDropsTheSlotAndThePublicationForGood(TestDatabase relayDb, KafkaBootstrap kafka) throws Exception {
        TestDatabase legacy = Infrastructure.newDatabase("legacy_cutover");
        try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
            LegacyDemo.create(c, 1);
        }
        String prefix = "cutover" + relayDb.name().replaceAll("[^a-z0-9]", "");
        try (TestTokenIssuer issuer = new TestTokenIssuer(); KafkaTestClient reader = new KafkaTestClient(kafka.servers());
             LedgerOwners owners = new LedgerOwners(legacy)) {
            String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
            String member = issuer.accessToken(UUID.randomUUID(), "m@example.com", "authenticated");
            try (ConfigurableApplicationContext relay = start(relayDb, legacy, kafka, prefix, issuer, owners)) {
                reader.readUntil(Pattern.compile(Pattern.quote(prefix) + "\\.auth\\.users"), seen -> seen.size() >= 22,
                        Duration.ofSeconds(120));
                WebTestClient web = client(relay);
                web.get().uri("/api/cutover/admin/status").exchange().expectStatus().isUnauthorized();
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(member)).exchange()
                        .expectStatus().isForbidden();
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.state").isEqualTo("capturing")
                        .jsonPath("$.engine.running").isEqualTo(true)
                        .jsonPath("$.slot.exists").isEqualTo(true)
                        .jsonPath("$.slot.active").isEqualTo(true)
                        .jsonPath("$.publication.exists").isEqualTo(true)
                        .jsonPath("$.publication.tables").value(t -> assertThat(t.toString()).contains("auth.users", "public.users"));

                // the snapshot's first batch is counted once Kafka acknowledged all of it
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    byte[] body = web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                            .expectBody().returnResult().getResponseBody();
                    return new String(body).matches("(?s).*\"forwarded\":(2[3-9]|[3-9]\\d|\\d{3,}).*");
                });
                // the report names what differs; verification and finalizing are refused until nothing does
                web.get().uri("/api/cutover/report").headers(h -> h.setBearerAuth(member)).exchange().expectStatus().isForbidden();
                web.get().uri("/api/cutover/report").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.matches").isEqualTo(false)
                        .jsonPath("$.tables.length()").isEqualTo(16)
                        .jsonPath("$.tables[?(@.table == 'public.users')].legacyCount").isEqualTo(17)
                        .jsonPath("$.tables[?(@.table == 'public.users')].importedCount").isEqualTo(17)
                        .jsonPath("$.tables[?(@.table == 'public.users')].missingIds[0]").isEqualTo(owners.gap)
                        .jsonPath("$.tables[?(@.table == 'public.users')].extraIds[0]").isEqualTo(LedgerOwners.EXTRA)
                        .jsonPath("$.tables[?(@.table == 'public.users')].changedIds[0]").isEqualTo(owners.changed)
                        .jsonPath("$.tables[?(@.table == 'public.users')].checksumMatch").isEqualTo(false)
                        .jsonPath("$.tables[?(@.table == 'public.users')].problems.x").isEqualTo("a reason")
                        .jsonPath("$.tables[?(@.table == 'public.system_audit_logs')].legacyCount").isEqualTo(1950)
                        .jsonPath("$.tables[?(@.table == 'public.system_audit_logs')].checksumMatch").isEqualTo(true)
                        .jsonPath("$.tables[?(@.table == 'auth.users')].owner").isEqualTo("identity");
                web.post().uri("/api/cutover/admin/verify").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409).expectHeader().contentType("application/problem+json")
                        .expectBody().jsonPath("$.report.matches").isEqualTo(false);
                web.post().uri("/api/cutover/admin/finalize").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409);
                owners.exact();
                web.post().uri("/api/cutover/admin/verify").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.matches").isEqualTo(true)
                        .jsonPath("$.schemaChanges.length()").isEqualTo(0);
                // a DDL change on the legacy side (not replicated) is reported
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
                    c.createStatement().execute("ALTER TABLE public.user_contacts ADD COLUMN label text");
                }
                web.get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.schemaChanges[0].table").isEqualTo("public.user_contacts")
                        .jsonPath("$.schemaChanges[0].now").value(now -> assertThat(now.toString()).endsWith("label text"));

                web.post().uri("/api/cutover/admin/finalize").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.state").isEqualTo("finalized")
                        .jsonPath("$.changedBy").value(by -> assertThat(by.toString()).startsWith("user:"))
                        .jsonPath("$.engine.running").isEqualTo(false)
                        .jsonPath("$.slot.exists").isEqualTo(false)
                        .jsonPath("$.publication.exists").isEqualTo(false);
                web.post().uri("/api/cutover/admin/rollback").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isEqualTo(409);
                web.post().uri("/api/cutover/admin/finalize").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk();
            }
            // a restart with the capture still configured: it stays ended, no slot comes back
            try (ConfigurableApplicationContext relay = start(relayDb, legacy, kafka, prefix, issuer, owners)) {
                client(relay).get().uri("/api/cutover/admin/status").headers(h -> h.setBearerAuth(admin)).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("finalized");
                try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password());
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_"
                             + prefix + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    static WebTestClient client(ConfigurableApplicationContext relay) {
        int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
        return LocalWeb.client(port);
    }

    static ConfigurableApplicationContext start(TestDatabase relayDb, TestDatabase legacy, KafkaBootstrap kafka, String prefix,
                                                TestTokenIssuer issuer, LedgerOwners owners) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + relayDb.jdbcUrl(),
                "--spring.datasource.username=" + relayDb.username(), "--spring.datasource.password=" + relayDb.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.servers(), "--relay.outbox.enabled=false",
                "--relay.legacy.enabled=true", "--relay.legacy.jdbc-url=" + legacy.jdbcUrl(),
                "--relay.legacy.user=" + legacy.username(), "--relay.legacy.password=" + legacy.password(),
                "--relay.legacy.slot=slot_" + prefix, "--relay.legacy.publication=pub_" + prefix,
                "--relay.legacy.topic-prefix=" + prefix, "--server.port=0"));
        issuer.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--relay.reconciliation.token-uri=" + owners.url() + "/oauth2/token");
        for (String service : List.of("identity", "profile", "membership", "billing", "audit")) {
            args.add("--relay.reconciliation.owners." + service + ".url=" + owners.url());
        }
        return new SpringApplicationBuilder(RelayApplication.class).run(args.toArray(String[]::new));
    }
}
