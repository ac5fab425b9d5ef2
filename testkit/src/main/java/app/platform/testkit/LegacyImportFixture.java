package app.platform.testkit;

import app.platform.legacy.LegacyChange;
import app.platform.legacydemo.LegacyDemo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * What a service's legacy-import test sets up, once: a legacy (Supabase-shaped) database of its own, the changes a
 * test makes there published as cdc-relay's capture publishes them (Debezium's shape, on
 * {@code <prefix>.<schema>.<table>}), a token issuer whose services token reads the service's ledger, and the
 * ledger's digests beside the legacy database's own.
 *
 * <p>A test holds one in a static field, calls {@link #register} from its dynamic property source (the issuer's
 * properties and {@code <service>.legacy-import.topic-prefix}) and {@link #close} after all its tests.
 *
 * The legacy database is made on first use, so a test that only publishes hand-built changes has none.
 */
public final class LegacyImportFixture implements AutoCloseable {

    private final String service;
    private final String prefix;
    private final TestTokenIssuer issuer;
    private final KafkaTestClient kafka;
    private TestDatabase database;

    /**
     * @param service the service's name as in its properties ({@code <service>.legacy-import.topic-prefix}) and its
     *                API path ({@code /api/<service>/internal/legacy/<table>})
     * @param prefix  the topic prefix this test's capture publishes under, in place of {@code legacy}
     */
    public LegacyImportFixture(String service, String prefix) {
        this.service = service;
        this.prefix = prefix;
        this.issuer = new TestTokenIssuer();
        this.kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());
    }

    /** The issuer's properties, the service's legacy topic prefix, and the test-only switches on. */
    public void register(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add(service + ".legacy-import.topic-prefix", () -> prefix);
        registry.add("platform.legacy.test-switches", () -> "true"); // breakColumn
    }

    public String prefix() {
        return prefix;
    }

    public TestTokenIssuer issuer() {
        return issuer;
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    /** The topic the capture publishes {@code schema.table}'s changes on. */
    public String topic(String schemaTable) {
        return prefix + "." + schemaTable;
    }

    // --- the legacy database -------------------------------------------------------------------------------------

    /** The legacy database, made empty on first use ({@code legacy_<service>}). */
    public synchronized TestDatabase database() {
        if (database == null) {
            database = Infrastructure.newDatabase("legacy_" + service);
        }
        return database;
    }

    /** A new connection to the legacy database; the caller closes it. */
    public Connection connection() throws SQLException {
        TestDatabase db = database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /** Fills the legacy database with the demo's rows ({@link LegacyDemo}), {@code scale} blocks of them. */
    public void createDemo(int scale) throws SQLException {
        try (Connection c = connection()) {
            LegacyDemo.create(c, scale);
        }
    }

    /** Runs statements on the legacy database. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first row a legacy query returns, each value as Debezium's JSON carries it. */
    public Map<String, Object> row(String sql) throws SQLException {
        try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no legacy row for: " + sql);
            }
            return LegacyChanges.row(rs);
        }
    }

    /** The first column of the first row of a legacy query, as text. */
    public String text(String sql) throws SQLException {
        try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no legacy row for: " + sql);
            }
            return rs.getString(1);
        }
    }

    /** The digest of every row of a legacy table by id, as cdc-relay's reconciliation computes it. */
    public Map<String, String> digests(String schemaTable) throws SQLException {
        try (Connection c = connection()) {
            return LegacyChanges.digests(c, schemaTable);
        }
    }

    // --- the capture ----------------------------------------------------------------------------------------------

    /** Publishes every row of the tables, in this order, as the capture's snapshot would ({@code op=r}). */
    public int publishSnapshot(String... schemaTables) throws SQLException {
        try (Connection c = connection()) {
            return LegacyChanges.publishSnapshot(kafka, prefix, c, schemaTables);
        }
    }

    /** Publishes one change of {@code schema.table}: {@code op} c, u, d or r; {@code row} is the row before a delete. */
    public void publish(String schemaTable, String key, String op, Map<String, ?> row) {
        send(schemaTable, key, LegacyChanges.change(schemaTable, op, row));
    }

    /** Publishes a change already in Debezium's shape (as {@link LegacyChanges#change} makes it). */
    public void send(String schemaTable, String key, String change) {
        kafka.send(topic(schemaTable), key, change, null);
    }

    /**
     * Updates legacy rows and publishes the first updated row as the capture would: the {@code unchangedToasted}
     * columns (TOASTed values the update left alone) arrive as Debezium's placeholder, {@link LegacyChange#UNAVAILABLE}.
     *
     * @return the change's row, as published
     */
    public Map<String, Object> updateAndPublish(String schemaTable, String set, String where, String key,
                                                String... unchangedToasted) throws SQLException {
        execute("UPDATE " + schemaTable + " SET " + set + " WHERE " + where);
        Map<String, Object> row = new LinkedHashMap<>(row("SELECT * FROM " + schemaTable + " WHERE " + where));
        for (String column : unchangedToasted) {
            row.put(column, LegacyChange.UNAVAILABLE);
        }
        publish(schemaTable, key, "u", row);
        return row;
    }

    /**
     * Deletes a legacy row and publishes its delete as the capture would ({@code op=d}, the row before it).
     *
     * @return the deleted row
     */
    public Map<String, Object> deleteAndPublish(String schemaTable, String where, String key) throws SQLException {
        Map<String, Object> row = row("SELECT * FROM " + schemaTable + " WHERE " + where);
        execute("DELETE FROM " + schemaTable + " WHERE " + where);
        publish(schemaTable, key, "d", row);
        return row;
    }

    // --- the service's ledger -------------------------------------------------------------------------------------

    /** The service's ledger of a legacy table as the reconciliation reads it: its rows, waiting rows and problems. */
    public JsonNode state(int port, String schemaTable) {
        return LegacyChanges.ledger(baseUrl(port), service, schemaTable, issuer.serviceToken());
    }

    /** The digests of the rows the service imported of a legacy table, by legacy id. */
    public Map<String, String> ledger(int port, String schemaTable) {
        return LegacyChanges.ledgerDigests(baseUrl(port), service, schemaTable, issuer.serviceToken());
    }

    /**
     * What the service's own tables hold of a legacy table against what it imported ({@code …/<table>/target}):
     * {@code compared}, {@code missing}, {@code extra}, {@code changed} (ids with the differing columns), {@code dropped}.
     */
    public JsonNode target(int port, String schemaTable) {
        return LegacyChanges.JSON.readTree(LegacyChanges.internal(baseUrl(port), service, schemaTable, "/target", "GET",
                issuer.serviceToken()));
    }

    /**
     * Breaks the service's importer of a table (it needs {@code platform.legacy.test-switches=true}): the column is
     * taken out of every change before the importer sees it, until {@link #mend}.
     */
    public void breakColumn(int port, String schemaTable, String column) {
        LegacyChanges.internal(baseUrl(port), service, schemaTable, "/broken-column/" + column, "PUT", issuer.serviceToken());
    }

    public void mend(int port, String schemaTable) {
        LegacyChanges.internal(baseUrl(port), service, schemaTable, "/broken-column", "DELETE", issuer.serviceToken());
    }

    private static String baseUrl(int port) {
        return "http://localhost:" + port;
    }

    @Override
    public void close() {
        issuer.close();
        kafka.close();
    }
}
