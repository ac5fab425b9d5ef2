package app.platform.relay.reconciliation;

import app.platform.legacy.LegacyRows;
import app.platform.legacy.GeneratedColumns;
import app.platform.relay.legacy.LegacyCaptureProperties;
import app.platform.relay.legacy.LegacySchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * The cutover's reconciliation: per captured legacy table, the legacy rows (read from the legacy database, each
 * digested as {@link LegacyRows} does) against what the owning service imported (its ledger): counts, missing,
 * extra and changed ids, a checksum of each side, the rows the service could not import with their reasons, the
 * rows still waiting, and the lag of the newest import. Verification passes only when every table matches.
 */
@Service
public class Reconciliation {

    static final int LISTED = 100;

    public record TableReport(String table, String owner, long legacyCount, long importedCount, long missingCount,
                              List<String> missingIds, long extraCount, List<String> extraIds, long changedCount,
                              List<String> changedIds, boolean checksumMatch, String legacyChecksum,
                              String importedChecksum, Map<String, String> problems, long waiting, Long lagMs,
                              String error) {
        public boolean matches() {
            return error == null && checksumMatch && missingCount == 0 && extraCount == 0 && changedCount == 0;
        }
    }

    /** {@code matches}: every table matches; a DDL change on the legacy side is reported beside it, for an operator. */
    public record Report(Instant at, boolean matches, List<TableReport> tables, List<LegacySchema.Change> schemaChanges) {
    }

    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final org.springframework.jdbc.core.JdbcTemplate relayDb;
    private final ReconciliationProperties props;
    private final WebClient web;
    private final Clock clock;

    public Reconciliation(ObjectProvider<LegacyCaptureProperties> legacy, org.springframework.jdbc.core.JdbcTemplate relayDb,
                          ReconciliationProperties props, WebClient.Builder web, Clock clock) {
        this.legacy = legacy;
        this.relayDb = relayDb;
        this.props = props;
        this.web = web.codecs(c -> c.defaultCodecs().maxInMemorySize(512 * 1024 * 1024)).build();
        this.clock = clock;
    }

    public Report report() {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            throw new app.platform.errors.Conflict("no legacy capture is configured (RELAY_LEGACY_ENABLED)");
        }
        String token = token();
        // every owner's ledger is asked at once, while the legacy tables are read one after the other
        Map<String, CompletableFuture<JsonNode>> states = new java.util.LinkedHashMap<>();
        Map<String, String> services = new HashMap<>();
        props.owners().forEach((service, owner) -> owner.tables().stream().filter(capture.tables()::contains).forEach(table -> {
            services.put(table, service);
            states.put(table, web.get().uri(owner.url() + "/api/" + service + "/internal/legacy/" + table)
                    .headers(h -> h.setBearerAuth(token)).retrieve().bodyToMono(JsonNode.class)
                    .timeout(Duration.ofMinutes(2)).toFuture());
        }));
        List<TableReport> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password())) {
            c.setAutoCommit(false); // lets the driver stream a large table with a fetch size
            java.util.Set<String> generated = new java.util.HashSet<>(GeneratedColumns.of(c, capture.tables()));
            states.forEach((table, state) -> tables.add(table(c, services.get(table), table, state, generated)));
        } catch (SQLException e) {
            throw new IllegalStateException("the legacy database cannot be read: " + e.getMessage(), e);
        }
        return new Report(clock.instant(), tables.stream().allMatch(TableReport::matches), tables,
                LegacySchema.changes(relayDb, capture));
    }

    private TableReport table(Connection legacyDb, String service, String table, CompletableFuture<JsonNode> ledger,
                              java.util.Set<String> generated) {
        Map<String, String> legacyRows;
        try {
            legacyRows = digests(legacyDb, table, generated);
        } catch (SQLException e) {
            return failed(table, service, "the legacy table cannot be read: " + e.getMessage());
        }
        JsonNode state;
        try {
            state = ledger.join();
        } catch (java.util.concurrent.CompletionException e) {
            return failed(table, service, service + " did not answer: " + e.getCause().getMessage());
        }
        Map<String, String> imported = new TreeMap<>();
        state.path("rows").properties().forEach(e -> imported.put(e.getKey(), e.getValue().asString()));
        Map<String, String> problems = new TreeMap<>();
        state.path("problems").properties().stream().limit(LISTED).forEach(e -> problems.put(e.getKey(), e.getValue().asString()));
        TreeSet<String> missing = new TreeSet<>(legacyRows.keySet());
        missing.removeAll(imported.keySet());
        TreeSet<String> extra = new TreeSet<>(imported.keySet());
        extra.removeAll(legacyRows.keySet());
        TreeSet<String> changed = new TreeSet<>();
        legacyRows.forEach((id, digest) -> {
            String mine = imported.get(id);
            if (mine != null && !mine.equals(digest)) {
                changed.add(id);
            }
        });
        String legacySum = LegacyRows.checksum(legacyRows);
        String importedSum = LegacyRows.checksum(imported);
        Long lag = null;
        if (state.hasNonNull("lastSourceAt") && state.hasNonNull("lastAppliedAt")) {
            lag = Math.max(0, Duration.between(Instant.parse(state.get("lastSourceAt").asString()),
                    Instant.parse(state.get("lastAppliedAt").asString())).toMillis());
        }
        return new TableReport(table, service, legacyRows.size(), imported.size(), missing.size(), first(missing),
                extra.size(), first(extra), changed.size(), first(changed), legacySum.equals(importedSum), legacySum,
                importedSum, problems, state.path("waiting").asLong(0), lag, null);
    }

    /** Every row of a legacy table (its generated columns left out, as the capture leaves them), digested by id. */
    static Map<String, String> digests(Connection c, String table, java.util.Set<String> generated) throws SQLException {
        Map<String, String> digests = new HashMap<>();
        try (Statement st = c.createStatement()) {
            st.setFetchSize(5_000);
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + quote(table))) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (!generated.contains(table + "." + meta.getColumnName(i))) {
                            row.put(meta.getColumnName(i), rs.getObject(i));
                        }
                    }
                    digests.put(rs.getString("id"), LegacyRows.digest(row));
                }
            }
        } finally {
            c.commit();
        }
        return digests;
    }

    private record Token(String value, Instant expiresAt) {
    }

    private volatile Token token;

    /** The client-credentials token the owners' ledgers are read with, kept until a minute before it expires. */
    private String token() {
        Token current = token;
        if (current == null || clock.instant().isAfter(current.expiresAt().minusSeconds(60))) {
            JsonNode body = web.post().uri(props.tokenUri())
                    .headers(h -> h.setBasicAuth(props.clientId(), props.clientSecret()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("scope", "services"))
                    .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
            current = new Token(body.get("access_token").asString(),
                    clock.instant().plusSeconds(body.path("expires_in").asLong(0)));
            token = current;
        }
        return current.value();
    }

    private static TableReport failed(String table, String service, String error) {
        return new TableReport(table, service, 0, 0, 0, List.of(), 0, List.of(), 0, List.of(), false, null, null,
                Map.of(), 0, null, error);
    }

    private static List<String> first(TreeSet<String> ids) {
        return ids.stream().limit(LISTED).toList();
    }

    /** {@code schema.table} as a quoted identifier pair (the names come from configuration, never from a request). */
    private static String quote(String table) {
        String[] parts = table.split("\\.");
        return "\"" + parts[0].replace("\"", "") + "\".\"" + parts[1].replace("\"", "") + "\"";
    }
}
