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

    public static Report of(Instant at, String snapshotLsn, List<TableReport> tables, List<SchemaChange> schemaChanges) {
        return new Report(at, snapshotLsn, tables.stream().allMatch(TableReport::matches), tables, schemaChanges);
    }
}
