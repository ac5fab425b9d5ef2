package app.platform.relay.reconciliation.domain;

import app.platform.relay.legacy.domain.SchemaChange;
import java.time.Instant;
import java.util.List;

/**
 * The reconciliation of every captured legacy table and every uncaptured one in scope: {@code matches} when every
 * table does (verification passes); the legacy side was read in one snapshot, at {@code snapshotLsn}; a DDL change on
 * the legacy side is reported beside it, for an operator.
 */
public record Report(Instant at, String snapshotLsn, boolean matches, List<TableReport> tables,
                     List<SchemaChange> schemaChanges) {

    /**
     * This report with each table {@code again} compared once more narrowed to the differences both found
     * ({@link TableReport#recheckedBy}); {@code again}'s snapshot is named.
     */
    public Report recheckedBy(Report again) {
        java.util.Map<String, TableReport> later = new java.util.HashMap<>();
        again.tables().forEach(t -> later.put(t.table(), t));
        List<TableReport> merged = tables.stream()
                .map(t -> later.containsKey(t.table()) ? t.recheckedBy(later.get(t.table())) : t).toList();
        return new Report(again.at(), again.snapshotLsn(), merged.stream().allMatch(TableReport::matches), merged,
                again.schemaChanges());
    }

    /** The tables that do not match. */
    public java.util.Set<String> differing() {
        java.util.Set<String> differing = new java.util.LinkedHashSet<>();
        tables.stream().filter(t -> !t.matches()).forEach(t -> differing.add(t.table()));
        return differing;
    }

    public static Report of(Instant at, String snapshotLsn, List<TableReport> tables, List<SchemaChange> schemaChanges) {
        return new Report(at, snapshotLsn, tables.stream().allMatch(TableReport::matches), tables, schemaChanges);
    }
}
