package app.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.KafkaBootstrap;
import app.platform.testkit.KafkaTestClient;
import app.platform.runtime.DevelopmentSecrets;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The relay with its legacy database out of reach: it starts all the same and its outbox relay relays; the legacy
 * capture fails and is retried, its health DOWN with the reason (never the password) and the attempts, and once it
 * has failed as many times as allowed, liveness is DOWN (Kubernetes would restart the pod) while readiness stays UP.
 * The legacy topics are declared anyway (compacted, kept for ever) and the capture's metrics are exposed.
 */
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class LegacyUnreachableIT {

    private static final String PASSWORD = "never-shown-anywhere";

    @Test
    void theOutboxRelayKeepsRelayingWhileTheLegacyCaptureFailsAndGivesUp(TestDatabase db, KafkaBootstrap kafka,
                                                                         CapturedOutput output) throws Exception {
        String suffix = db.name().replaceAll("[^a-z0-9]", "");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            c.createStatement().execute("""
                    CREATE SCHEMA identity; CREATE TABLE identity.outbox (id uuid PRIMARY KEY,
                      aggregatetype varchar(255) NOT NULL, aggregateid varchar(255) NOT NULL,
                      type varchar(255) NOT NULL, payload jsonb NOT NULL,
                      occurred_at timestamptz NOT NULL DEFAULT now(), correlation_id varchar(255));
                    INSERT INTO identity.outbox (id, aggregatetype, aggregateid, type, payload)
                    VALUES ('%s', 'it%s.user', 'agg-1', 'ThingHappened', '{"n": 1}')"""
                    .formatted(UUID.randomUUID(), suffix));
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once it is closed
        }
        String prefix = "unreachable" + suffix;

        try (ConfigurableApplicationContext relay = start(db, kafka, closedPort, prefix);
             KafkaTestClient reader = new KafkaTestClient(kafka.servers())) {
            assertThat(reader.readUntil(Pattern.compile(Pattern.quote("it" + suffix + ".user.events")),
                    seen -> !seen.isEmpty(), Duration.ofSeconds(60))).as("the outbox relay relays").isNotEmpty();

            WebTestClient web = CutoverIT.client(relay);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    web.get().uri("/actuator/health/liveness").exchange().expectStatus().isEqualTo(503));
            web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
            web.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.components.engines.details['legacy-capture'].attempts")
                    .value(attempts -> assertThat(((Number) attempts).intValue()).isGreaterThanOrEqualTo(2))
                    .jsonPath("$.components.engines.details['legacy-capture'].livenessBroken").isEqualTo(true)
                    .jsonPath("$.components.engines.details['legacy-capture'].failure")
                    .value(failure -> assertThat(failure.toString()).contains("the legacy database cannot be read")
                            .doesNotContain(PASSWORD))
                    .jsonPath("$.components.engines.details['outbox-relay'].failure").isEqualTo("");
            web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                    .value(metrics -> assertThat(metrics).contains("legacy_slot_retained_wal_bytes",
                            "legacy_slot_confirmed_lag_bytes", "legacy_slot_wal_status{", "legacy_slot_active",
                            "legacy_capture_behind_source_ms", "legacy_capture_forwarded_total",
                            "legacy_capture_snapshot_records_total"));

            String topic = prefix + ".auth.users";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers()))) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                        .hasSize(3);
            }
        }
        // with Debezium's loggers at DEBUG (as an operator chasing a fault would set them), no password is logged:
        // the engine's own line printing each task's configuration in clear stays off, and the capture's failures
        // are logged with their reasons masked
        assertThat(output.getAll()).contains("DEBUG").doesNotContain(PASSWORD)
                .doesNotContain("Following task configurations will be used");
    }

    private static ConfigurableApplicationContext start(TestDatabase db, KafkaBootstrap kafka, int closedPort,
                                                        String prefix) {
        Map<String, String> props = Map.ofEntries(
                Map.entry("spring.datasource.url", db.jdbcUrl()),
                Map.entry("spring.datasource.username", db.username()),
                Map.entry("spring.datasource.password", db.password()),
                Map.entry("spring.kafka.bootstrap-servers", kafka.servers()),
                Map.entry("relay.outbox.tables", "identity.outbox"),
                Map.entry("relay.outbox.slot", "slot_" + db.name()),
                Map.entry("relay.outbox.publication", "pub_" + db.name()),
                Map.entry("relay.legacy.enabled", "true"),
                Map.entry("relay.legacy.jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/legacy"),
                Map.entry("relay.legacy.password", PASSWORD),
                Map.entry("relay.legacy.tables", "auth.users"),
                Map.entry("relay.legacy.slot", "slot_" + prefix),
                Map.entry("relay.legacy.topic-prefix", prefix),
                Map.entry("relay.engine.give-up-attempts", "2"),
                Map.entry("logging.level.io.debezium", "DEBUG"),
                Map.entry("server.port", "0"));
        return new SpringApplicationBuilder(RelayApplication.class).profiles(DevelopmentSecrets.PROFILE)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
