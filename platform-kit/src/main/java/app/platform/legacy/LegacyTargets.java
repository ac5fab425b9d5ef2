package app.platform.legacy;

import app.platform.events.EventJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ledger's {@link LegacyTarget}s, one per legacy table its service imports, and the test-only switch that breaks an
 * importer: a column of a table taken out of every change before the service's translation sees it (the ledger still
 * records the whole row), so that a test can show the verification naming it.
 */
public final class LegacyTargets {

    /** The ledger's columns beside the service's query's ({@code legacy_id} and the legacy columns). */
    static final String LEDGER_ID = "ledger_legacy_id";
    static final String LEDGER_ROW = "ledger_row";
    static final String LEDGER_DELETED = "ledger_deleted";
    static final String HELD_ID = "legacy_id";

    private final Map<String, LegacyTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, String> broken = new ConcurrentHashMap<>();

    /** Declares what the service holds of a legacy table. */
    public void declare(LegacyTarget target) {
        targets.put(target.table(), target);
    }

    public Optional<LegacyTarget> of(String table) {
        return Optional.ofNullable(targets.get(table));
    }

    /** A table no target is declared for: it fails the verification. */
    public static TargetReport undeclared(String table) {
        return TargetReport.failed(table, "the service does not say what it holds of this table (no LegacyTarget)");
    }

    /**
     * Every applied row of the ledger's table with what the service's query holds of it (nothing when its
     * {@code legacy_id} is null).
     */
    static String sql(LegacyTarget target) {
        return "SELECT r.legacy_id AS " + LEDGER_ID + ", CAST(r.row AS text) AS " + LEDGER_ROW + ", r.deleted AS " + LEDGER_DELETED
                + ", t.* FROM legacy_row r LEFT JOIN (" + target.query() + ") t ON t." + HELD_ID + " = r.legacy_id"
                + " WHERE r.source_table = :t AND r.applied";
    }

    /** Whether a column of the joined row is the service's (a legacy column), not the ledger's or the join key. */
    static boolean held(String column) {
        return !column.equals(LEDGER_ID) && !column.equals(LEDGER_ROW) && !column.equals(LEDGER_DELETED)
                && !column.equals(HELD_ID);
    }

    /** Adds one joined row: {@code held} the service's legacy columns, or null when its query has no row for the id. */
    static void add(TargetReport.Builder report, String id, String row, boolean deleted, Map<String, Object> held) {
        report.add(id, (ObjectNode) EventJson.MAPPER.readTree(row), deleted, held);
    }

    // --- the test-only switch -------------------------------------------------------------------------------------

    /** Takes {@code column} out of every change of {@code table} the translation sees from now on. */
    public void breakColumn(String table, String column) {
        broken.put(table, column);
    }

    /** Undoes {@link #breakColumn}. */
    public void mend(String table) {
        broken.remove(table);
    }

    /** The change as the translation sees it: without the table's broken column, if any. */
    LegacyChange seenBy(LegacyChange change) {
        String column = broken.get(change.table());
        if (column == null || !change.row().has(column)) {
            return change;
        }
        ObjectNode row = change.row().deepCopy();
        row.remove(column);
        return change.withRow(row);
    }
}
