package app.platform.bench;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserSignedIn;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * audit-service's ingest rate against the broker's raw consume rate on this machine (the ratio is the figure).
 * N sign-in events of a few hundred users are produced first; a plain consumer reads them all (the raw rate); then
 * audit-service starts from its jar over an embedded PostgreSQL and audits the backlog into the system chain and
 * the users' chains, timed from its first row to its last; last, PostgreSQL {@code COPY} writes the same rows into
 * empty copies of the same tables (their indexes included), the other baseline. The goal is set against the lower of
 * the two. Options: --jar PATH, --events N (1000000; a backlog that takes seconds, so the figure is the steady
 * rate, not the JIT warming up), --users N (200), --quick (200000 events).
 */
public final class AuditBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        Path jar = Path.of(Bench.option(args, "--jar", "audit-service/target/audit-service.jar"));
        int events = Integer.parseInt(Bench.option(args, "--events", Bench.quick(args) ? "200000" : "1000000"));
        int users = Integer.parseInt(Bench.option(args, "--users", "200"));
        String kafka = Infrastructure.kafkaBootstrapServers();
        TestDatabase db = Infrastructure.newDatabase("audit_bench");

        String topic = produce(kafka, events, users);
        double raw = rawConsumeRate(kafka, topic, events);

        int port = Bench.freePort();
        Process audit = Bench.startJar(jar, "audit-bench", port, List.of("--spring.r2dbc.url=" + db.r2dbcUrl(),
                "--spring.r2dbc.username=" + db.username(), "--spring.r2dbc.password=" + db.password(),
                "--spring.flyway.url=" + db.jdbcUrl(), "--spring.flyway.user=" + db.username(),
                "--spring.flyway.password=" + db.password(), "--spring.kafka.bootstrap-servers=" + kafka,
                "--logging.level.root=WARN"));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            long started = 0;
            long startCount = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long count = 0;
            long report = System.nanoTime();
            while (count < events && System.nanoTime() < deadline) {
                // the newest id while ids are still short of the events (cheap: one index entry; a count(*) scan
                // every 50 ms took a tenth of a core from the ingest it measures), the exact count after that
                long newest = newestId(c);
                count = newest < events ? newest : count(c, "system_audit_logs");
                if (System.nanoTime() - report > 5_000_000_000L) {
                    report = System.nanoTime();
                    System.out.printf("... %d of %d audited%n", count, events);
                }
                if (started == 0 && count > 0) {
                    started = System.nanoTime();
                    startCount = count;
                }
                Thread.sleep(50); // sampling the table's growth: the figure is its slope
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double ingest = (count - startCount) / seconds;
            System.out.printf("cores: %d, events: %d, users: %d%n", Runtime.getRuntime().availableProcessors(), events, users);
            System.out.printf("raw consume (one consumer, no processing): %.1f events/s%n", raw);
            System.out.printf("audit ingest (system chain + %d user chains, hashed, batched): %.1f events/s (%d user rows)%n",
                    users, ingest, count(c, "user_audit_logs"));
            System.out.printf("ratio ingest/raw: %.3f%n", ingest / raw);
            double copy = copyRate(c, count);
            System.out.printf("COPY of the same rows into copies of the audit tables: %.1f events/s%n", copy);
            double limit = Math.min(raw, copy);
            Bench.figure("audit ingest events/s", Bench.number(ingest), "raw consume " + Bench.number(raw)
                    + ", COPY of the same rows " + Bench.number(copy), String.format("%.3f", ingest / limit),
                    ">= 0.5x of the lower", ingest >= 0.5 * limit);
            try (ResultSet rs = c.createStatement().executeQuery("""
                    SELECT count(*), avg(n), max(n) FROM (SELECT recorded_at, count(*) AS n FROM audit.system_audit_logs
                    GROUP BY recorded_at) AS batches""")) {
                rs.next();
                System.out.printf("batches: %d, rows per batch: %.1f average, %d at most%n", rs.getLong(1), rs.getDouble(2),
                        rs.getLong(3));
            }
        } finally {
            audit.destroy();
        }
    }

    private static String produce(String kafka, int events, int users) {
        String topic = null;
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            UUID[] ids = new UUID[users];
            for (int i = 0; i < users; i++) {
                ids[i] = UUID.randomUUID();
            }
            EventMetadata metadata = new EventMetadata(null, "bench");
            for (int i = 0; i < events; i++) {
                EventEnvelope e = EventEnvelope.wrap(new UserSignedIn(ids[i % users], "password", Instant.now()), metadata,
                        Instant.now());
                topic = e.topic();
                var record = new ProducerRecord<>(topic, e.aggregateId(), EventJson.write(e));
                record.headers().add("eventType", e.eventType().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        return topic;
    }

    private static double rawConsumeRate(String kafka, String topic, int events) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long read = 0;
            long started = 0;
            while (read < events) {
                int n = consumer.poll(Duration.ofMillis(200)).count();
                if (n > 0 && started == 0) {
                    started = System.nanoTime();
                }
                read += n;
            }
            return read / ((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * {@code COPY} of every row the ingest wrote (each audit table it filled), read out first and then written into
     * empty copies of the tables with their indexes, in one transaction as the ingest's batches are: events/s.
     */
    private static double copyRate(Connection c, long events) throws Exception {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, byte[]> rows = new java.util.LinkedHashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'audit'
                AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'""")) {
            while (rs.next()) {
                var out = new java.io.ByteArrayOutputStream();
                copy.copyOut("COPY audit." + rs.getString(1) + " TO STDOUT (FORMAT binary)", out);
                rows.put(rs.getString(1), out.toByteArray());
            }
        }
        c.createStatement().execute("CREATE SCHEMA bench_copy");
        for (String table : rows.keySet()) {
            c.createStatement().execute("CREATE TABLE bench_copy." + table + " (LIKE audit." + table + " INCLUDING ALL)");
        }
        c.setAutoCommit(false);
        long started = System.nanoTime();
        for (var table : rows.entrySet()) {
            copy.copyIn("COPY bench_copy." + table.getKey() + " FROM STDIN (FORMAT binary)",
                    new java.io.ByteArrayInputStream(table.getValue()));
        }
        c.commit();
        double seconds = (System.nanoTime() - started) / 1e9;
        c.setAutoCommit(true);
        return events / seconds;
    }

    /** The system chain's newest id: its row count on an empty table until a failed transaction leaves a gap. */
    private static long newestId(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM audit.system_audit_logs")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
