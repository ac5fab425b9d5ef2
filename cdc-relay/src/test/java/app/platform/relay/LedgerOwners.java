package app.platform.relay;

import app.platform.events.EventJson;
import app.platform.legacy.GeneratedColumns;
import app.platform.legacy.LegacyRows;
import app.platform.relay.legacy.domain.LeftOutColumns;
import app.platform.testkit.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local stand-in of the five importing services for the reconciliation's client side: identity's token endpoint
 * and each service's ledger read, serving the digests of the legacy database's own rows as captured (without the
 * columns the capture leaves out, which an importer never sees), except (until {@link #exact()}) in
 * {@code public.users}: one row missing ({@link #gap}), one extra ({@link #EXTRA}), one changed ({@link #changed}) and
 * one problem, and every service's tables holding the changed row's {@code email} otherwise. The services' real ledgers
 * are tested in their own modules.
 */
final class LedgerOwners implements AutoCloseable {

    static final String EXTRA = "00000000-0000-0000-0000-00000000e47a";
    final String gap;
    final String changed;
    private final TestDatabase legacy;
    private final HttpServer server;
    private volatile boolean exact;

    LedgerOwners(TestDatabase legacy) throws IOException, SQLException {
        this.legacy = legacy;
        Map<String, String> users = digests("public.users");
        this.gap = users.keySet().stream().toList().get(0);
        this.changed = users.keySet().stream().toList().get(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/token", ex -> reply(ex, "{\"access_token\":\"service-token\",\"token_type\":\"Bearer\"}"));
        server.createContext("/api/", ex -> {
            if (!"Bearer service-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            if (path.endsWith("/target") || path.endsWith("/failback")) { // the failback's check reads alike
                reply(ex, target());
            } else if (path.endsWith("/buckets")) {
                String table = path.substring(0, path.length() - "/buckets".length());
                reply(ex, ledger(table.substring(table.lastIndexOf('/') + 1), null));
            } else {
                java.util.List<String> buckets = query == null ? null : java.util.Arrays.stream(query.split("&"))
                        .filter(p -> p.startsWith("bucket=")).map(p -> p.substring("bucket=".length())).toList();
                reply(ex, ledger(path.substring(path.lastIndexOf('/') + 1), buckets));
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, every ledger matches the legacy database. */
    void exact() {
        exact = true;
    }

    /**
     * The ledger as a service serves it: its summary ({@code buckets} null: rows and checksum by bucket, problems,
     * times), or the digests of the rows in some buckets.
     */
    private String ledger(String table, java.util.List<String> buckets) {
        try {
            Map<String, String> rows = digests(table);
            Map<String, String> problems = new TreeMap<>();
            if (table.equals("public.users") && !exact) {
                rows.remove(gap);
                rows.put(EXTRA, "0".repeat(64));
                rows.put(changed, "f".repeat(64));
                problems.put("x", "a reason");
            }
            if (buckets != null) {
                rows.keySet().removeIf(id -> !buckets.contains(LegacyRows.bucket(id)));
                return EventJson.MAPPER.writeValueAsString(rows);
            }
            Map<String, Map<String, Object>> sums = new TreeMap<>();
            rows.forEach((id, digest) -> sums.merge(LegacyRows.bucket(id),
                    Map.of("rows", 1L, "checksum", java.math.BigInteger.valueOf(LegacyRows.share(id, digest))),
                    (a, b) -> Map.of("rows", (Long) a.get("rows") + 1,
                            "checksum", ((java.math.BigInteger) a.get("checksum")).add((java.math.BigInteger) b.get("checksum")))));
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("table", table);
            state.put("buckets", sums.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                    e -> Map.of("rows", e.getValue().get("rows"), "checksum", e.getValue().get("checksum").toString()))));
            state.put("problems", problems);
            state.put("waiting", 0);
            state.put("lastSourceAt", "2026-01-01T00:00:00Z");
            state.put("lastAppliedAt", "2026-01-01T00:00:00.250Z");
            return EventJson.MAPPER.writeValueAsString(state);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a service's own tables hold of any table: all as imported, except (until {@link #exact()}) the
     * {@link #changed} row's {@code email} (in every table: the stand-in does not tell them apart).
     */
    private String target() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("compared", 1);
        report.put("missingCount", 0);
        report.put("missing", List.of());
        report.put("extraCount", 0);
        report.put("extra", List.of());
        report.put("changedCount", exact ? 0 : 1);
        report.put("changed", exact ? Map.of() : Map.of(changed, List.of("email")));
        report.put("dropped", Map.of("updated_at", "the service keeps its own"));
        return EventJson.MAPPER.writeValueAsString(report);
    }

    private Map<String, String> digests(String table) throws SQLException {
        Map<String, String> digests = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(), legacy.password())) {
            LeftOutColumns leftOut = LeftOutColumns.with(GeneratedColumns.of(c, List.of(table)));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        if (!leftOut.contains(table, rs.getMetaData().getColumnName(i))) {
                            row.put(rs.getMetaData().getColumnName(i), app.platform.legacy.LegacyValues.read(rs, i));
                        }
                    }
                    digests.put(rs.getString("id"), LegacyRows.digest(row));
                }
            }
        }
        return digests;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) {
        try (ex) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
