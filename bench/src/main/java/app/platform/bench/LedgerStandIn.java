package app.platform.bench;

import app.platform.events.EventJson;
import app.platform.legacy.LegacyRows;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * The five importers' ledgers as cdc-relay's verification reads them, stood in for by the bench: each legacy row's
 * last captured version, digested as the importers digest it ({@link LegacyRows#digest(JsonNode)}), read from the
 * capture's topics before the verification starts, and served as a ledger serves it (buckets, rows of some buckets,
 * a target that holds what it imported). The verification's legacy side, in cdc-relay, is what the bench measures.
 */
final class LedgerStandIn implements AutoCloseable {

    private final Map<String, Map<String, String>> digests;
    private final HttpServer server;

    private LedgerStandIn(Map<String, Map<String, String>> digests, int port) throws IOException {
        this.digests = digests;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/oauth2/token", ex -> reply(ex, Map.of("access_token", "bench-services", "expires_in", 3600)));
        server.createContext("/api/", ex -> {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            String rest = path.substring(path.indexOf("/internal/legacy/") + "/internal/legacy/".length());
            if (rest.endsWith("/buckets")) {
                reply(ex, summary(rest.substring(0, rest.length() - "/buckets".length())));
            } else if (rest.endsWith("/target")) {
                String table = rest.substring(0, rest.length() - "/target".length());
                reply(ex, Map.of("table", table, "compared", rows(table).size(), "missingCount", 0, "missing", List.of(),
                        "extraCount", 0, "extra", List.of(), "changedCount", 0, "changed", Map.of(), "dropped", Map.of()));
            } else {
                List<String> buckets = query == null ? List.of() : java.util.Arrays.stream(query.split("&"))
                        .filter(p -> p.startsWith("bucket=")).map(p -> p.substring("bucket=".length())).toList();
                Map<String, String> some = new TreeMap<>();
                rows(rest).forEach((id, digest) -> {
                    if (buckets.contains(LegacyRows.bucket(id))) {
                        some.put(id, digest);
                    }
                });
                reply(ex, some);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /**
     * Reads every captured change on {@code <prefix>.*} until {@code records} (the rows captured) were read (or 10
     * min), then serves on
     * {@code port}.
     */
    static LedgerStandIn fromTopics(String kafka, String prefix, long records, int port) throws IOException {
        Map<String, Map<String, String>> digests = new HashMap<>();
        long read = 0;
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-ledgers-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(Pattern.compile(Pattern.quote(prefix) + "\\.(auth|public)\\..*"));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (read < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    if (r.value() == null) {
                        continue;
                    }
                    JsonNode change = EventJson.MAPPER.readTree(r.value());
                    String table = r.topic().substring(prefix.length() + 1);
                    Map<String, String> rows = digests.computeIfAbsent(table, t -> new HashMap<>());
                    if ("d".equals(change.path("op").asString(""))) {
                        rows.remove(change.path("before").path("id").asString());
                    } else {
                        rows.put(change.path("after").path("id").asString(), LegacyRows.digest(change.path("after")));
                    }
                }
            }
        }
        return new LedgerStandIn(digests, port);
    }

    private Map<String, String> rows(String table) {
        return digests.getOrDefault(table, Map.of());
    }

    /** As a ledger sums itself per bucket: rows and the sum of their shares. */
    private Map<String, Object> summary(String table) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigInteger> sums = new TreeMap<>();
        rows(table).forEach((id, digest) -> {
            String bucket = LegacyRows.bucket(id);
            counts.computeIfAbsent(bucket, b -> new long[1])[0]++;
            sums.merge(bucket, BigInteger.valueOf(LegacyRows.share(id, digest)), BigInteger::add);
        });
        Map<String, Object> buckets = new TreeMap<>();
        counts.forEach((bucket, n) -> buckets.put(bucket, Map.of("rows", n[0], "checksum", sums.get(bucket).toString())));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("table", table);
        summary.put("buckets", buckets);
        summary.put("problems", Map.of());
        summary.put("warnings", Map.of());
        summary.put("waiting", 0);
        return summary;
    }

    private static void reply(HttpExchange ex, Object body) {
        try (ex) {
            byte[] json = EventJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, json.length);
            ex.getResponseBody().write(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
