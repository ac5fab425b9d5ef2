package app.platform.legacy;

import app.platform.legacy.ReactiveLegacyLedger.Outcome;

/**
 * The statements on the ledger's tables ({@code db/platform/legacy}) that {@link ReactiveLegacyLedger} and
 * {@link JdbcLegacyLedger} share. Parameters: {@code :t} the source table, {@code :id} the legacy id; the record also
 * {@code :row} (JSON text), {@code :digest}, {@code :deleted}, {@code :applied}, {@code :waits}, {@code :at} and,
 * noting a problem, {@code :reason}.
 */
final class LedgerSql {

    /** The row as last known, locked until the change is recorded. */
    static final String LAST_KNOWN_FOR_UPDATE =
            "SELECT row FROM legacy_row WHERE source_table = :t AND legacy_id = :id FOR UPDATE";

    /** The digest of every imported row of a table, by legacy id. */
    static final String STATE_ROWS =
            "SELECT legacy_id, digest FROM legacy_row WHERE source_table = :t AND applied AND NOT deleted";

    /** The rows of a table that could not be imported, with the reason. */
    static final String STATE_PROBLEMS = "SELECT legacy_id, reason FROM legacy_problem WHERE source_table = :t";

    /** How many rows of a table wait, and when the newest change was captured and applied. */
    static final String STATE_TIMES = """
            SELECT count(*) FILTER (WHERE NOT applied AND waits_for IS NOT NULL), max(source_at), max(applied_at)
            FROM legacy_row WHERE source_table = :t""";

    private static final String UPSERT = """
            INSERT INTO legacy_row (source_table, legacy_id, row, digest, deleted, applied, waits_for, source_at, applied_at)
            VALUES (:t, :id, CAST(:row AS jsonb), :digest, :deleted, :applied, :waits, :at, now())
            ON CONFLICT (source_table, legacy_id) DO UPDATE SET row = excluded.row, digest = excluded.digest,
                deleted = excluded.deleted, applied = excluded.applied, waits_for = excluded.waits_for,
                source_at = excluded.source_at, applied_at = now()""";

    private static final String RECORD_CLEARING_PROBLEM =
            upsertAnd("DELETE FROM legacy_problem WHERE source_table = :t AND legacy_id = :id");

    private static final String RECORD_NOTING_PROBLEM = upsertAnd("""
            INSERT INTO legacy_problem (source_table, legacy_id, reason) VALUES (:t, :id, :reason)
            ON CONFLICT (source_table, legacy_id) DO UPDATE SET reason = excluded.reason, noted_at = now()""");

    private LedgerSql() {
    }

    /** The row's last known state and digest, and its problem noted or cleared, in one statement. */
    static String record(Outcome outcome) {
        return outcome.problem() == null ? RECORD_CLEARING_PROBLEM : RECORD_NOTING_PROBLEM;
    }

    private static String upsertAnd(String problem) {
        return "WITH problem AS (" + problem + ")\n" + UPSERT;
    }
}
