package app.platform.bench;

import app.platform.events.EventJson;
import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;

/**
 * The cutover's legacy capture on this machine. Snapshot: the demo legacy database at {@code --scale} (45455 gives
 * 1,000,000 auth users) is snapshotted by cdc-relay from its jar into Kafka, rows/s from the first forwarded record to
 * the last, against a plain {@code COPY ... TO STDOUT} of the same tables on the same machine (the ratio is the
 * figure). Streaming: a steady writer ({@code --rate} rows/s for {@code --seconds}) updates legacy contacts; the lag
 * of each change is the time from its commit ({@code source.ts_ms}) to a consumer receiving it, p50/p99.
 * Verification: between the two, the cutover's verification of every captured row runs as a job, its time and the
 * relay's peak heap printed.
 * Options: --jar PATH, --scale N (4546: 100,000 users), --tables LIST, --rate N (1000), --seconds N (30), --quick
 * (scale 455, 10 s of streaming).
 */
public final class CutoverBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        boolean quick = Bench.quick(args);
        Path jar = Path.of(Bench.option(args, "--jar", "cdc-relay/target/cdc-relay.jar"));
        int scale = Integer.parseInt(Bench.option(args, "--scale", quick ? "455" : "4546"));
        List<String> tables = Arrays.asList(Bench.option(args, "--tables",
                "auth.users,auth.identities,public.users,public.user_contacts,public.user_memberships,public.payout_management").split(","));
        int rate = Integer.parseInt(Bench.option(args, "--rate", "1000"));
        int seconds = Integer.parseInt(Bench.option(args, "--seconds", quick ? "10" : "30"));
        String kafka = Infrastructure.kafkaBootstrapServers();
        TestDatabase relayDb = Infrastructure.newDatabase("relay_bench");
        TestDatabase legacy = Infrastructure.newDatabase("legacy_bench");
        long made = System.nanoTime();
        try (Connection c = connect(legacy)) {
            // the audit logs are generated only when captured: at 1,000,000 users they would be ~90M rows
            LegacyDemo.create(c, scale, tables.stream().anyMatch(t -> t.endsWith("audit_logs")));
        }
        System.out.printf("legacy demo database at scale %d made in %d s%n", scale, (System.nanoTime() - made) / 1_000_000_000L);

        Copy copied;
        try (Connection c = connect(legacy)) {
            copied = copyOut(c, tables);
        }
        long rows = copied.rows();
        double copyRate = copied.perSecond();

        List<String> captured = new ArrayList<>(tables);
        if (!captured.contains("public.user_contacts")) {
            captured.add("public.user_contacts"); // the streaming writer's table
        }
        int port = Bench.freePort();
        int ownersPort = Bench.freePort();
        TestTokenIssuer issuer = new TestTokenIssuer();
        List<String> verification = new ArrayList<>();
        issuer.properties().forEach((k, v) -> verification.add("--" + k + "=" + v));
        verification.add("--relay.reconciliation.token-uri=http://127.0.0.1:" + ownersPort + "/oauth2/token");
        for (String service : List.of("identity", "profile", "membership", "billing", "audit")) {
            verification.add("--relay.reconciliation.owners." + service + ".url=http://127.0.0.1:" + ownersPort);
        }
        List<String> arguments = new ArrayList<>(verification);
        arguments.addAll(List.of(
                "--spring.datasource.url=" + relayDb.jdbcUrl(), "--spring.datasource.username=" + relayDb.username(),
                "--spring.datasource.password=" + relayDb.password(), "--spring.kafka.bootstrap-servers=" + kafka,
                "--relay.outbox.enabled=false", "--relay.legacy.enabled=true", "--relay.legacy.jdbc-url=" + legacy.jdbcUrl(),
                "--relay.legacy.user=" + legacy.username(), "--relay.legacy.password=" + legacy.password(),
                "--relay.legacy.tables=" + String.join(",", captured), "--relay.legacy.topic-prefix=bench",
                "--relay.legacy.heartbeat-ms=1000", "--logging.level.root=WARN"));
        Process relay = Bench.startJar(jar, "cutover-bench-relay", port, arguments);
        try {
            long total = 0;
            try (Connection c = connect(legacy); Statement st = c.createStatement()) {
                for (String table : captured) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            long forwarded = 0;
            while (forwarded < total && System.nanoTime() < deadline) {
                forwarded = forwarded(port);
                if (first == 0 && forwarded > 0) {
                    first = System.nanoTime();
                }
                Thread.sleep(100); // sampling the relay's forwarded count: the figure is its slope
            }
            double snapshotRate = forwarded / ((System.nanoTime() - first) / 1e9);
            System.out.printf("cores: %d, scale: %d, tables: %s%n", Runtime.getRuntime().availableProcessors(), scale, captured);
            System.out.printf("COPY TO STDOUT of %d rows: %.0f rows/s%n", rows, copyRate);
            System.out.printf("snapshot through cdc-relay into Kafka, %d rows: %.0f rows/s%n", forwarded, snapshotRate);
            System.out.printf("ratio snapshot/COPY: %.3f%n", snapshotRate / copyRate);
            Bench.figure("legacy snapshot through cdc-relay rows/s", Bench.number(snapshotRate) + " (" + forwarded + " rows)",
                    "COPY ... TO STDOUT of the same tables: " + Bench.number(copyRate), String.format("%.3f", snapshotRate / copyRate),
                    ">= 0.25x", snapshotRate >= 0.25 * copyRate);
            verify(port, kafka, total, ownersPort, issuer);
            Lag lag = streamingLag(legacy, kafka, rate, seconds);
            Bench.figure("streaming lag commit -> consumer p99 ms", lag.p99() + " at " + Bench.number(lag.rate())
                            + " updates/s (" + lag.received() + " of " + lag.written() + " received)", "-", "-",
                    "<= 500 ms at 1000/s", lag.p99() <= 500 && lag.rate() >= 950 && lag.received() >= lag.written());
        } finally {
            relay.destroy();
        }
    }

    /**
     * The cutover's verification of everything just captured, as an operator runs it (a job, followed): its time and
     * the relay's peak heap during it (sampled every 200 ms from its metrics) beside its heap before. The importers'
     * ledgers are stood in for by the bench ({@link LedgerStandIn}, read from the topics first, so that they cost
     * nothing while the relay streams and sums the legacy side).
     */
    private static void verify(int port, String kafka, long rows, int ownersPort, TestTokenIssuer issuer) throws Exception {
        long reading = System.nanoTime();
        try (LedgerStandIn owners = LedgerStandIn.fromTopics(kafka, "bench", rows, ownersPort)) {
            System.out.printf("stand-in ledgers read from the topics in %d s%n", (System.nanoTime() - reading) / 1_000_000_000L);
            HttpClient http = HttpClient.newHttpClient();
            String admin = "Bearer " + issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");
            long before = heapUsed(http, port);
            java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong(before);
            java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong();
            AtomicBoolean verifying = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (verifying.get()) {
                    try {
                        peak.accumulateAndGet(heapUsed(http, port), Math::max);
                        live.accumulateAndGet(heap(http, port, "jvm_gc_live_data_size_bytes"), Math::max);
                        Thread.sleep(200); // sampling the relay's heap: the figure is its peak
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            long started = System.nanoTime();
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cutover/admin/verify"))
                    .header("Authorization", admin).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (job.statusCode() != 202) {
                throw new IllegalStateException("verify answered " + job.statusCode() + ": " + job.body());
            }
            String location = job.headers().firstValue("Location").orElseThrow();
            JsonNode state;
            do {
                Thread.sleep(500); // following the job, as scripts/cutover verify does
                state = EventJson.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + location))
                        .header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString()).body());
            } while ("running".equals(state.path("state").asString()));
            double took = (System.nanoTime() - started) / 1e9;
            verifying.set(false);
            sampler.join();
            long compared = 0;
            for (JsonNode t : state.path("report").path("tables")) {
                compared += t.path("legacyCount").asLong();
                if (!t.path("checksumMatch").asBoolean(true) || !t.path("error").isNull() && !t.path("error").isMissingNode()) {
                    System.out.printf("  %s differs: missing %d, extra %d, changed %d, %s%n", t.path("table").asString(),
                            t.path("missingCount").asLong(), t.path("extraCount").asLong(), t.path("changedCount").asLong(),
                            t.path("error").asString(""));
                }
            }
            System.out.printf("verification (a job) of %d legacy rows in %d tables: %.1f s, %s; relay heap in use %d MB before, "
                            + "peak %d MB during it (of %d MB max; garbage included), peak live data after a collection %d MB%n",
                    compared, state.path("report").path("tables").size(), took, state.path("state").asString(), before >> 20,
                    peak.get() >> 20, heapMax(http, port) >> 20, live.get() >> 20);
        }
    }

    /** The relay's heap in use, summed over its pools, from its Prometheus metrics. */
    private static long heapUsed(HttpClient http, int port) throws Exception {
        return heap(http, port, "jvm_memory_used_bytes{");
    }

    private static long heapMax(HttpClient http, int port) throws Exception {
        return heap(http, port, "jvm_memory_max_bytes{");
    }

    private static long heap(HttpClient http, int port, String metric) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(metric) && (line.contains("area=\"heap\"") || !metric.endsWith("{"))) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum += v > 0 ? (long) v : 0;
            }
        }
        return sum;
    }

    /** A steady writer of legacy contact updates; each change's lag from commit to a consumer, p50 and p99. */
    record Lag(long written, int received, double rate, long p99) {
    }

    private static Lag streamingLag(TestDatabase legacy, String kafka, int rate, int seconds) throws Exception {
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        Thread consumer = Thread.ofPlatform().start(() -> {
            try (var c = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-lag-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", // as the importers read
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                c.subscribe(List.of("bench.public.user_contacts"));
                long quiet = System.nanoTime() + Duration.ofSeconds(seconds + 30).toNanos();
                while (writing.get() || System.nanoTime() < quiet) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        JsonNode change = EventJson.MAPPER.readTree(r.value());
                        if ("u".equals(change.path("op").asString(""))) {
                            lags.add(System.currentTimeMillis() - change.path("source").path("ts_ms").asLong());
                        }
                    }
                    if (!writing.get() && lags.size() >= total.get()) {
                        break;
                    }
                }
            }
        });
        Thread.sleep(3000); // the consumer joins its group before the writer starts: "latest" would miss earlier rows
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long written = 0;
        try (Connection c = connect(legacy); Statement st = c.createStatement()) {
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                st.execute("UPDATE public.user_contacts SET verified = NOT verified WHERE id = legacy_demo_id('contact', " + (written % 17 + 1) + ")");
                written++;
                next += 1_000_000_000L / rate;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the steady writer
                }
            }
        }
        total.set(written);
        writing.set(false);
        consumer.join(Duration.ofSeconds(60));
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        System.out.printf("streaming: %d rows written at %d/s for %d s, %d received; lag commit->consumer p50 %d ms, p99 %d ms, max %d ms%n",
                written, rate, seconds, sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.getLast());
        return new Lag(written, sorted.size(), written / (double) seconds, percentile(sorted, 99));
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    record Copy(long rows, double perSecond) {
    }

    /** {@code COPY ... TO STDOUT} of every row of these tables, one after the other: the rows and their rate. */
    static Copy copyOut(Connection c, List<String> tables) throws Exception {
        long rows = 0;
        long started = System.nanoTime();
        for (String table : tables) {
            rows += c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT",
                    OutputStream.nullOutputStream());
        }
        return new Copy(rows, rows / ((System.nanoTime() - started) / 1e9));
    }

    /** The legacy engine's forwarded count from the relay's health details. */
    private static long forwarded(int port) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode engine = EventJson.MAPPER.readTree(body).findValue("legacy-capture");
        return engine == null ? 0 : engine.path("forwarded").asLong();
    }

    private static Connection connect(TestDatabase db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
