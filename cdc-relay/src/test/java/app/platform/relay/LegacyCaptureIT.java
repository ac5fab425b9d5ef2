package app.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import app.platform.failback.LegacyWriter;
import app.platform.failback.ReverseStream;
import app.platform.legacy.LegacyRows;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.reconciliation.application.LegacyTables;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaBootstrap;
import app.platform.testkit.KafkaTestClient;
import app.platform.legacydemo.LegacyDemo;
import app.platform.runtime.DevelopmentSecrets;
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
            // every column type of the seed's tables and the usual others, with their awkward values
            c.createStatement().execute("""
                    CREATE TYPE public.legacy_mood AS ENUM ('calm', 'busy');
                    CREATE TABLE public.legacy_types (
                        id uuid PRIMARY KEY, t text, vc varchar(12), ch char(4), flag boolean, small smallint, i integer,
                        big bigint, n numeric(12, 4), n_free numeric, f real, d8 double precision, tstz timestamptz,
                        ts timestamp, ts3 timestamp(3), day date, at_time time, iv interval, j jsonb, js json, b bytea,
                        tags text[], nums integer[], mood public.legacy_mood, u uuid);
                    INSERT INTO public.legacy_types VALUES
                        ('00000000-0000-4000-8000-000000000001', 'héllo	world', 'short', 'ab', true, -3, 2147483647,
                         9007199254740993, 12.5, 0.000100, 1.25, 3.141592653589793, '2026-03-01 12:34:56.123456+02',
                         '2026-03-01 12:34:56.654321', '1999-12-31 23:59:59.999', '1969-07-20', '13:05:07.5',
                         '1 year 2 mons 3 days 04:05:06.789', '{"b": [1, 2.50], "a": null}', '{ "spaced" :  true }',
                         '\\x00ff10', '{"x","y z",NULL}', '{1,-2,3}', 'busy', '9d4c5a1e-0b7e-4d1a-8f2c-3e6b7a8c9d0e'),
                        ('00000000-0000-4000-8000-000000000002', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL, NULL, NULL)""");
        }
        String prefix = "legacy" + relayDb.name().replaceAll("[^a-z0-9]", "");
        Pattern topics = Pattern.compile(Pattern.quote(prefix) + "\\.(auth|public)\\..*");
        KafkaTestClient reader = new KafkaTestClient(kafka.servers());

        long userReads;
        try (ConfigurableApplicationContext relay = startRelay(relayDb, legacy, kafka, prefix)) {
            List<ConsumerRecord<String, String>> snapshot = reader.readUntil(topics,
                    seen -> count(seen, prefix + ".public.system_audit_logs") >= 1950
                            && count(seen, prefix + ".public.legacy_types") >= 2, Duration.ofSeconds(120));
            userReads = reads(snapshot, prefix + ".auth.users");
            // rows, not records: delivery is at least once (a batch Kafka did not acknowledge in time is sent again)
            Map<String, Long> perTopic = snapshot.stream().collect(Collectors.groupingBy(ConsumerRecord::topic,
                    Collectors.collectingAndThen(Collectors.mapping(ConsumerRecord::key, Collectors.toSet()), keys -> (long) keys.size())));
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

            // each type digests the same from Debezium's JSON (what the importers see) and over JDBC (what the
            // reconciliation reads from the legacy database)
            assertThat(capturedDigests(snapshot, prefix + ".public.legacy_types"))
                    .as("%s", snapshot.stream().filter(r -> r.topic().endsWith(".public.legacy_types")).map(ConsumerRecord::value).toList())
                    .isEqualTo(legacyDigests(relay, "public.legacy_types")).hasSize(2);

            // what the failback's legacy writers commit (under their replication origin) is not captured back
            try (Connection c = connect(legacy)) {
                ReverseStream.start(c);
                c.createStatement().execute("SELECT pg_replication_origin_session_setup('" + LegacyWriter.ORIGIN + "')");
                c.createStatement().execute("INSERT INTO public.system_audit_logs (action, created_at) "
                        + "VALUES ('written.by.failback', now())");
            }
            try (Connection c = connect(legacy)) {
                c.createStatement().execute("UPDATE auth.users SET banned_until = now() + interval '1 day' "
                        + "WHERE email = 'user3@demo.example'");
                c.createStatement().execute("UPDATE public.legacy_types SET ts = '2000-02-29 00:00:00.000001', "
                        + "iv = '-1 days 00:00:01', tags = '{\"q\\\"uote\"}', n = -0.0001 WHERE t IS NULL");
            }
            List<ConsumerRecord<String, String>> streamed = reader.readUntil(topics,
                    seen -> seen.stream().anyMatch(r -> r.value() != null && r.value().contains("\"op\":\"u\"")),
                    Duration.ofSeconds(60));
            assertThat(streamed).anyMatch(r -> r.topic().equals(prefix + ".auth.users") && r.value().contains("\"op\":\"u\"")
                    && r.value().contains("user3@demo.example"));
            assertThat(streamed).noneMatch(r -> r.value() != null && r.value().contains("written.by.failback"));
            List<ConsumerRecord<String, String>> typed = reader.readUntil(topics, seen -> seen.stream()
                    .anyMatch(r -> r.topic().equals(prefix + ".public.legacy_types") && r.value().contains("\"op\":\"u\"")),
                    Duration.ofSeconds(60));
            assertThat(capturedDigests(typed, prefix + ".public.legacy_types"))
                    .containsEntry("00000000-0000-4000-8000-000000000002",
                            legacyDigests(relay, "public.legacy_types").get("00000000-0000-4000-8000-000000000002"));
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
            assertThat(reads(all, prefix + ".auth.users")).as("no second snapshot").isEqualTo(userReads);
            assertThat(all).noneMatch(r -> r.value() != null && r.value().contains("written.by.failback"));
        }
    }

    /** The digest of each row's last captured change, by id, as the importers digest it. */
    private static Map<String, String> capturedDigests(List<ConsumerRecord<String, String>> records, String topic) {
        Map<String, String> digests = new java.util.TreeMap<>();
        records.stream().filter(r -> r.topic().equals(topic) && r.value() != null).forEach(r -> {
            JsonNode after = EventJson.MAPPER.readTree(r.value()).get("after");
            digests.put(after.get("id").asString(), LegacyRows.digest(after));
        });
        return digests;
    }

    /** The digest of each row of the legacy table, by id, as the reconciliation reads it. */
    private static Map<String, String> legacyDigests(ConfigurableApplicationContext relay, String table) {
        try (LegacyTables.Session session = relay.getBean(LegacyTables.class)
                .open(relay.getBean(LegacyCaptureProperties.class))) {
            return new java.util.TreeMap<>(session.digests(table));
        }
    }

    /** The snapshot reads ({@code op=r}) among a topic's records. */
    private static long reads(List<ConsumerRecord<String, String>> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic) && r.value() != null && r.value().contains("\"op\":\"r\"")).count();
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
                Map.entry("relay.legacy.tables", "auth.users,auth.identities,public.users,public.user_profiles,"
                        + "public.user_contacts,public.user_addresses,public.user_memberships,public.membership_queue,"
                        + "public.kyc_verification,public.payout_management,public.disputes,public.system_audit_logs,"
                        + "public.user_audit_logs,public.user_subscriptions,public.user_payments,"
                        + "public.user_payment_methods,public.legacy_types"),
                Map.entry("server.port", "0"));
        return new SpringApplicationBuilder(RelayApplication.class).profiles(DevelopmentSecrets.PROFILE)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
