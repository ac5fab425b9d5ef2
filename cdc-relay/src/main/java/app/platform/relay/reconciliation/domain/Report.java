package app.platform.relay.reconciliation.domain;

import app.platform.relay.legacy.domain.SchemaChange;
import java.time.Instant;
import java.util.List;

/**
 * The reconciliation of every captured legacy table: {@code matches} when every table does (verification passes);
 * a DDL change on the legacy side is reported beside it, for an operator.
 */
public record Report(Instant at, boolean matches, List<TableReport> tables, List<SchemaChange> schemaChanges) {

    public static Report of(Instant at, List<TableReport> tables, List<SchemaChange> schemaChanges) {
        return new Report(at, tables.stream().allMatch(TableReport::matches), tables, schemaChanges);
    }
}
