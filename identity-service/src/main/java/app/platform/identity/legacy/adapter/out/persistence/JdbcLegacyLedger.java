package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.events.EventJson;
import app.platform.identity.legacy.application.LegacyImport.LegacyLedger;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyRows;
import app.platform.legacy.ReactiveLegacyLedger.TableState;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.node.ObjectNode;

/** The shared legacy ledger's tables ({@code db/platform/legacy}) over JDBC, in the importer's transaction. */
@Repository
class JdbcLegacyLedger implements LegacyLedger {

    private final JdbcClient jdbc;

    JdbcLegacyLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ObjectNode lastKnown(String table, String id) {
        return jdbc.sql("SELECT row FROM legacy_row WHERE source_table = :t AND legacy_id = :id FOR UPDATE")
                .param("t", table).param("id", id).query(String.class).optional()
                .map(row -> (ObjectNode) EventJson.MAPPER.readTree(row)).orElse(null);
    }

    @Override
    public void record(LegacyChange change) {
        jdbc.sql("""
                        INSERT INTO legacy_row (source_table, legacy_id, row, digest, deleted, applied, source_at, applied_at)
                        VALUES (:t, :id, CAST(:row AS jsonb), :digest, :deleted, true, :at, now())
                        ON CONFLICT (source_table, legacy_id) DO UPDATE SET row = excluded.row, digest = excluded.digest,
                            deleted = excluded.deleted, applied = true, source_at = excluded.source_at, applied_at = now()""")
                .param("t", change.table()).param("id", change.id())
                .param("row", EventJson.MAPPER.writeValueAsString(change.row()))
                .param("digest", LegacyRows.digest(change.row())).param("deleted", change.deleted())
                .param("at", Timestamp.from(change.sourceAt())).update();
    }

    @Override
    public TableState state(String table) {
        Map<String, String> rows = new TreeMap<>();
        jdbc.sql("SELECT legacy_id, digest FROM legacy_row WHERE source_table = :t AND applied AND NOT deleted")
                .param("t", table).query(rs -> {
                    rows.put(rs.getString(1), rs.getString(2));
                });
        Map<String, String> problems = new TreeMap<>();
        jdbc.sql("SELECT legacy_id, reason FROM legacy_problem WHERE source_table = :t")
                .param("t", table).query(rs -> {
                    problems.put(rs.getString(1), rs.getString(2));
                });
        return jdbc.sql("SELECT max(source_at), max(applied_at) FROM legacy_row WHERE source_table = :t").param("t", table)
                .query((rs, n) -> new TableState(table, rows, problems, 0, instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))))
                .single();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
