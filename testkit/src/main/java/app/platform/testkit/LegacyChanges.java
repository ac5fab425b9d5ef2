package app.platform.testkit;

import app.platform.legacy.GeneratedColumns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Legacy changes shaped exactly as cdc-relay's capture publishes them (Debezium's JSON: {@code op}, {@code before},
 * {@code after}, {@code source}; {@code timestamptz} as ISO-8601 text, decimals as strings, jsonb as its text), so a
 * service's importer can be tested on the demo legacy database's real rows without running the relay.
 */
public final class LegacyChanges {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private LegacyChanges() {
    }

    /** One change of {@code schema.table}; {@code before} for a delete, {@code after} otherwise. */
    public static String change(String schemaTable, String op, Map<String, ?> row) {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        ObjectNode values = JSON.valueToTree(row);
        change.set(op.equals("d") ? "before" : "after", values);
        change.putNull(op.equals("d") ? "after" : "before");
        change.put("op", op);
        ObjectNode source = change.putObject("source");
        String[] parts = schemaTable.split("\\.");
        source.put("schema", parts[0]);
        source.put("table", parts[1]);
        source.put("ts_ms", System.currentTimeMillis());
        return JSON.writeValueAsString(change);
    }

    /** The snapshot reads ({@code op=r}) of every row of a legacy table, as (key, value) pairs. */
    public static List<String[]> snapshot(Connection legacy, String schemaTable) throws SQLException {
        List<String[]> records = new ArrayList<>();
        List<String> generated = GeneratedColumns.of(legacy, List.of(schemaTable));
        try (Statement st = legacy.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + schemaTable + " ORDER BY 1")) {
            while (rs.next()) {
                Map<String, Object> row = row(rs);
                row.keySet().removeIf(column -> generated.contains(schemaTable + "." + column));
                records.add(new String[] {"{\"id\":\"" + row.get("id") + "\"}", change(schemaTable, "r", row)});
            }
        }
        return records;
    }

    /** Publishes every row of the tables as the capture's snapshot would, to {@code <prefix>.<schema>.<table>}. */
    public static int publishSnapshot(KafkaTestClient kafka, String prefix, Connection legacy, String... tables) throws SQLException {
        int n = 0;
        for (String table : tables) {
            for (String[] record : snapshot(legacy, table)) {
                kafka.send(prefix + "." + table, record[0], record[1], null);
                n++;
            }
        }
        return n;
    }

    /** The digest of every row of a legacy table by id, as cdc-relay's reconciliation computes it. */
    public static Map<String, String> digests(Connection legacy, String schemaTable) throws SQLException {
        Map<String, String> digests = new java.util.TreeMap<>();
        List<String> generated = GeneratedColumns.of(legacy, List.of(schemaTable));
        try (Statement st = legacy.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + schemaTable)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    if (!generated.contains(schemaTable + "." + rs.getMetaData().getColumnName(i))) {
                        row.put(rs.getMetaData().getColumnName(i), app.platform.legacy.LegacyValues.read(rs, i));
                    }
                }
                digests.put(rs.getString("id"), app.platform.legacy.LegacyRows.digest(row));
            }
        }
        return digests;
    }

    /**
     * What a service imported of a legacy table, as cdc-relay's reconciliation reads it
     * ({@code GET <baseUrl>/api/<service>/internal/legacy/<table>} with a services token): the whole state.
     */
    public static tools.jackson.databind.JsonNode ledger(String baseUrl, String service, String table, String serviceToken) {
        return JSON.readTree(internal(baseUrl, service, table, "", "GET", serviceToken));
    }

    /**
     * A service-only call on a ledger's table, {@code /api/<service>/internal/legacy/<table><path>}, with a services
     * token: the body of its 2xx answer.
     */
    static String internal(String baseUrl, String service, String table, String path, String method, String serviceToken) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(baseUrl + "/api/" + service + "/internal/legacy/" + table + path))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + serviceToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The digests of a ledger's imported rows, by legacy id. */
    public static Map<String, String> ledgerDigests(String baseUrl, String service, String table, String serviceToken) {
        Map<String, String> rows = new java.util.TreeMap<>();
        ledger(baseUrl, service, table, serviceToken).path("rows").properties()
                .forEach(e -> rows.put(e.getKey(), e.getValue().asString()));
        return rows;
    }

    /** A row read over JDBC, each value as Debezium's JSON carries it ({@link app.platform.legacy.LegacyValues#carried}). */
    public static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnName(i), app.platform.legacy.LegacyValues.carried(app.platform.legacy.LegacyValues.read(rs, i)));
        }
        return row;
    }
}
