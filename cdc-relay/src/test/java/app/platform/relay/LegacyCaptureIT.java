package app.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaBootstrap;
import app.platform.testkit.KafkaTestClient;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The legacy capture on the demo legacy database: the initial snapshot of every table to {@code legacy.<schema>.<table>},
 * then live changes, with durable offsets: a restarted relay resumes without taking a new snapshot. The heartbeat
 * query (on by default) runs every second here.
 */
@RealInfrastructure
class LegacyCaptureIT {

    @Test
    void snapshotsTheLegacyTablesThenStreamsAndResumesWhereItStopped(TestDatabase relayDb, KafkaBootstrap kafka)
            throws Exception {
        TestDatabase legacy = Infrastructure.newDatabase("legacy_src");
        try (Connection c = connect(legacy)) {
            LegacyDemo.create(c, 1);
        }
        String prefix = "legacy" + relayDb.name().replaceAll("[^a-z0-9]", "");
        Pattern topics = Pattern.compile(Pattern.quote(prefix) + "\\.(auth|public)\\..*");
        KafkaTestClient reader = new KafkaTestClient(kafka.servers());

        try (ConfigurableApplicationContext relay = startRelay(relayDb, legacy, kafka, prefix)) {
            List<ConsumerRecord<String, String>> snapshot = reader.readUntil(topics,
                    seen -> count(seen, prefix + ".public.system_audit_logs") >= 1950, Duration.ofSeconds(120));
            Map<String, Long> perTopic = snapshot.stream().collect(Collectors.groupingBy(ConsumerRecord::topic, Collectors.counting()));
            assertThat(perTopic).containsEntry(prefix + ".auth.users", 22L).containsEntry(prefix + ".auth.identities", 21L)
                    .containsEntry(prefix + ".public.users", 17L).containsEntry(prefix + ".public.membership_queue", 5L)
                    .containsEntry(prefix + ".public.kyc_verification", 8L).containsEntry(prefix + ".public.payout_management", 10L);
            JsonNode user = EventJson.MAPPER.readTree(snapshot.stream()
                    .filter(r -> r.topic().equals(prefix + ".auth.users")).findFirst().orElseThrow().value());
            assertThat(user.get("op").asString()).isEqualTo("r");
            assertThat(user.get("source").get("schema").asString()).isEqualTo("auth");
            assertThat(user.get("after").get("id").asString()).matches("[0-9a-f-]{36}");
            assertThat(user.get("after").has("email_confirmed_at")).isTrue();
            assertThat(user.get("after").has("confirmed_at")).as("generated columns are left out").isFalse();
            assertThat(user.get("after").has("recovery_token")).as("GoTrue's tokens are left out").isFalse();
            assertThat(user.get("after").has("confirmation_token")).isFalse();

            try (Connection c = connect(legacy)) {
                c.createStatement().execute("UPDATE auth.users SET banned_until = now() + interval '1 day' "
                        + "WHERE email = 'user3@demo.example'");
            }
            List<ConsumerRecord<String, String>> streamed = reader.readUntil(topics,
                    seen -> seen.stream().anyMatch(r -> r.value() != null && r.value().contains("\"op\":\"u\"")),
                    Duration.ofSeconds(60));
            assertThat(streamed).anyMatch(r -> r.topic().equals(prefix + ".auth.users") && r.value().contains("\"op\":\"u\"")
                    && r.value().contains("user3@demo.example"));
        }

        // changes while the relay is down arrive after its restart, and the snapshot is not taken again
        try (Connection c = connect(legacy)) {
            c.createStatement().execute("INSERT INTO public.system_audit_logs (action, created_at) VALUES ('while.down', now())");
        }
        try (ConfigurableApplicationContext relay = startRelay(relayDb, legacy, kafka, prefix)) {
            List<ConsumerRecord<String, String>> all = reader.readUntil(topics,
                    seen -> seen.stream().anyMatch(r -> r.value() != null && r.value().contains("while.down")),
                    Duration.ofSeconds(60));
            assertThat(all).anyMatch(r -> r.value() != null && r.value().contains("while.down"));
            assertThat(count(all, prefix + ".auth.users")).as("no second snapshot").isEqualTo(23);
        }
    }

    private static long count(List<ConsumerRecord<String, String>> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).count();
    }

    private static ConfigurableApplicationContext startRelay(TestDatabase relayDb, TestDatabase legacy, KafkaBootstrap kafka,
                                                             String prefix) {
        Map<String, String> props = Map.ofEntries(
                Map.entry("spring.datasource.url", relayDb.jdbcUrl()),
                Map.entry("spring.datasource.username", relayDb.username()),
                Map.entry("spring.datasource.password", relayDb.password()),
                Map.entry("spring.kafka.bootstrap-servers", kafka.servers()),
                Map.entry("relay.outbox.enabled", "false"),
                Map.entry("relay.legacy.enabled", "true"),
                Map.entry("relay.legacy.jdbc-url", legacy.jdbcUrl()),
                Map.entry("relay.legacy.user", legacy.username()),
                Map.entry("relay.legacy.password", legacy.password()),
                Map.entry("relay.legacy.slot", "slot_" + prefix),
                Map.entry("relay.legacy.publication", "pub_" + prefix),
                Map.entry("relay.legacy.topic-prefix", prefix),
                Map.entry("relay.legacy.heartbeat-ms", "1000"),
                Map.entry("server.port", "0"));
        return new SpringApplicationBuilder(RelayApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
