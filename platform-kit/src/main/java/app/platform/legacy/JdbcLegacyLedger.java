package app.platform.legacy;

import app.platform.events.EventJson;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.legacy.ReactiveLegacyLedger.TableState;
import app.platform.runtime.Times;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy ledger of a servlet (JDBC) service's importer, the same as {@link ReactiveLegacyLedger}'s
 * {@code handle} and {@code state} on the same tables: each captured change is merged with the last known state of
 * its row, applied by the service's own translation and recorded with its digest (its problem noted or cleared), in
 * one transaction. The service's listener hands it each change with the importer's translation, as the reactive
 * services' listeners hand theirs to {@link ReactiveLegacyLedger#handleBatch}. Rows are not waited for here: such an
 * importer keeps what waits itself.
 */
public class JdbcLegacyLedger {

    private final JdbcClient jdbc;

    public JdbcLegacyLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Merges, applies and records one change, in one transaction (the caller's, or one of its own): the translation's
     * writes and the ledger's row commit together. A delete carries only the key, so it is applied to the row as last
     * known; a delete of a row never seen is recorded and nothing else.
     */
    @Transactional
    public Outcome handle(LegacyChange change, Function<LegacyChange, Outcome> apply) {
        ObjectNode previous = lastKnownForUpdate(change);
        if (change.deleted() && previous == null) {
            record(change, Outcome.done());
            return Outcome.done();
        }
        LegacyChange merged = change.withRow(change.deleted() ? previous : LegacyRows.merge(previous, change.row()));
        Outcome outcome = apply.apply(merged);
        record(merged, outcome);
        return outcome;
    }

    /** What the reconciliation compares with the legacy table. */
    public TableState state(String table) {
        Map<String, String> rows = pairs(LedgerSql.STATE_ROWS, table);
        Map<String, String> problems = pairs(LedgerSql.STATE_PROBLEMS, table);
        return jdbc.sql(LedgerSql.STATE_TIMES).param("t", table)
                .query((rs, n) -> new TableState(table, rows, problems, rs.getLong(1), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    private ObjectNode lastKnownForUpdate(LegacyChange change) {
        return jdbc.sql(LedgerSql.LAST_KNOWN_FOR_UPDATE).param("t", change.table()).param("id", change.id())
                .query(String.class).optional()
                .map(row -> (ObjectNode) EventJson.MAPPER.readTree(row)).orElse(null);
    }

    private void record(LegacyChange change, Outcome outcome) {
        var upsert = jdbc.sql(LedgerSql.record(outcome))
                .param("t", change.table()).param("id", change.id())
                .param("row", EventJson.MAPPER.writeValueAsString(change.row()))
                .param("digest", LegacyRows.digest(change.row()))
                .param("deleted", change.deleted()).param("applied", outcome.applied())
                .param("waits", outcome.waitsFor())
                .param("at", Times.utc(change.sourceAt()));
        (outcome.problem() == null ? upsert : upsert.param("reason", outcome.problem())).update();
    }

    private Map<String, String> pairs(String sql, String table) {
        Map<String, String> pairs = new TreeMap<>();
        jdbc.sql(sql).param("t", table).query(rs -> {
            pairs.put(rs.getString(1), rs.getString(2));
        });
        return pairs;
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
