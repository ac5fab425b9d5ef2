package app.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.InfrastructureExtension;
import app.platform.testkit.KafkaBootstrap;
import app.platform.runtime.DevelopmentSecrets;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relay against real PostgreSQL and Kafka: outbox rows become events on {@code <aggregatetype>.events}, keyed
 * by aggregate id, the payload byte for byte, the type in a header; and a stopped relay resumes from the offsets
 * it published with its last batch, losing nothing written while it was down and publishing nothing twice.
 */
@RealInfrastructure
class OutboxRelayIT {

    static TestDatabase db;
    static KafkaBootstrap kafka;
    /** How many times each event id is on the topics, as the last {@link #consumeUntil} read them from the start. */
    static final Map<UUID, Integer> times = new HashMap<>();

    @BeforeAll
    static void schema(TestDatabase database, KafkaBootstrap bootstrap) throws SQLException {
        db = database;
        kafka = bootstrap;
        try (Connection c = connect()) {
            for (String schema : List.of("identity", "profile")) {
                c.createStatement().execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + """
                        .outbox (id uuid PRIMARY KEY, aggregatetype varchar(255) NOT NULL,
                          aggregateid varchar(255) NOT NULL, type varchar(255) NOT NULL, payload jsonb NOT NULL,
                          occurred_at timestamptz NOT NULL DEFAULT now(), correlation_id varchar(255))""");
            }
        }
    }

    @Test
    void relaysEveryOutboxRowAndResumesAfterARestart() throws Exception {
        String topicSuffix = db.name();
        List<UUID> before = insert("identity", "it" + topicSuffix + ".user", 20);
        before.addAll(insert("profile", "it" + topicSuffix + ".profile", 5));

        try (ConfigurableApplicationContext relay = startRelay()) {
            Map<UUID, ConsumerRecord<String, String>> seen = consumeUntil(topicSuffix, before, Duration.ofSeconds(60));
            ConsumerRecord<String, String> one = seen.get(before.getFirst());
            assertThat(one.topic()).isEqualTo("it" + topicSuffix + ".user.events");
            assertThat(one.key()).isEqualTo("agg-0");
            assertThat(one.value()).isEqualTo("{\"n\": 0, \"eventId\": \"" + before.getFirst() + "\"}");
            assertThat(new String(one.headers().lastHeader("eventType").value(), StandardCharsets.UTF_8))
                    .isEqualTo("ThingHappened");
            assertThat(new String(one.headers().lastHeader("correlationId").value(), StandardCharsets.UTF_8))
                    .isEqualTo("corr-0");
        }

        List<UUID> whileDown = insert("identity", "it" + topicSuffix + ".user", 30);
        try (ConfigurableApplicationContext relay = startRelay()) {
            List<UUID> all = new ArrayList<>(before);
            all.addAll(whileDown);
            Map<UUID, ConsumerRecord<String, String>> seen = consumeUntil(topicSuffix, all, Duration.ofSeconds(60));
            assertThat(seen.keySet()).containsAll(all);
        }
        Map<UUID, Integer> published = new HashMap<>(times);
        assertThat(published.values()).as("every event published once: the restart resumed right after the last "
                + "record published, without a second snapshot").allMatch(n -> n == 1);
        assertThat(published).hasSize(before.size() + whileDown.size());
    }

    private static ConfigurableApplicationContext startRelay() {
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", db.jdbcUrl());
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", kafka.servers());
        props.put("relay.outbox.tables", "identity.outbox,profile.outbox");
        props.put("relay.outbox.slot", "slot_" + db.name());
        props.put("relay.outbox.publication", "pub_" + db.name());
        props.put("server.port", "0");
        return new SpringApplicationBuilder(RelayApplication.class).profiles(DevelopmentSecrets.PROFILE)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static Map<UUID, ConsumerRecord<String, String>> consumeUntil(String suffix, List<UUID> expected,
                                                                          Duration timeout) {
        Map<UUID, ConsumerRecord<String, String>> seen = new HashMap<>();
        times.clear();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(java.util.regex.Pattern.compile("it" + suffix + "\\..*\\.events"));
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean drained = false;
            while (!drained && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    UUID id = UUID.fromString(new String(r.headers().lastHeader("id").value(), StandardCharsets.UTF_8));
                    seen.put(id, r);
                    times.merge(id, 1, Integer::sum);
                }
                // once every event came, what is on the topics after them too (a second copy would be)
                drained = records.isEmpty() && seen.keySet().containsAll(expected);
            }
        }
        assertThat(seen.keySet()).as("events relayed").containsAll(expected);
        return seen;
    }

    private static List<UUID> insert(String schema, String aggregateType, int n) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                + ".outbox (id, aggregatetype, aggregateid, type, payload, correlation_id) VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setString(2, aggregateType);
                ps.setString(3, "agg-" + i);
                ps.setString(4, "ThingHappened");
                ps.setString(5, "{\"n\": " + i + ", \"eventId\": \"" + id + "\"}");
                ps.setString(6, "corr-" + i);
                ps.addBatch();
                ids.add(id);
            }
            ps.executeBatch();
        }
        return ids;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
