package app.platform.legacy;

import app.platform.legacy.ReactiveLegacyLedger.Outcome;

/**
 * The statements on the ledger's tables ({@code db/platform/legacy}) that {@link ReactiveLegacyLedger} and
 * {@link JdbcLegacyLedger} share. Parameters: {@code :t} the source table, {@code :id} the legacy id; the record also
 * {@code :row} (JSON text), {@code :digest}, {@code :deleted}, {@code :applied}, {@code :waits}, {@code :at} and,
 * noting a problem, {@code :reason}.
 */
final class LedgerSql {

    /** The row as last known, its digest, whether it is applied and deleted, and its position, locked until recorded. */
    static final String LAST_KNOWN_FOR_UPDATE = """
            SELECT row, digest, applied, deleted, topic_partition, topic_offset, commit_lsn, change_lsn, tx_id, missing_in
            FROM legacy_row WHERE source_table = :t AND legacy_id = :id FOR UPDATE""";

    /** {@link #LAST_KNOWN_FOR_UPDATE} of many rows ({@code :tables} and {@code :ids} pairwise), with their keys. */
    static final String LAST_KNOWN_OF_ALL_FOR_UPDATE = """
            SELECT source_table, legacy_id, row, digest, applied, deleted, topic_partition, topic_offset, commit_lsn,
                   change_lsn, tx_id, missing_in
            FROM legacy_row WHERE (source_table, legacy_id) IN
                (SELECT t, id FROM unnest(CAST(:tables AS text[]), CAST(:ids AS text[])) AS k(t, id))
            FOR UPDATE""";

    /** Of the rows {@code :ids} of table {@code :t} (the legacy app users), those imported, with their identity user. */
    static final String IMPORTED_USERS = """
            SELECT legacy_id, row->>'auth_user_id' FROM legacy_row
            WHERE source_table = :t AND legacy_id = ANY(CAST(:ids AS text[])) AND applied""";

    /**
     * The advisory lock of a key (a legacy row, {@link ReactiveLegacyLedger#key}) in this service's ledger: named by its
     * schema too, as advisory locks are the database's and every service's ledger has the same legacy users. Without
     * it, one service's import batch held every other service's importers off the users it named. (With no schema in
     * its search path, a service shares the keys of the others that have none: contended, never unlocked.)
     */
    private static String lockOf(String key) {
        return "hashtextextended(coalesce(current_schema(), '') || ':' || " + key + ", 0)";
    }

    /** The advisory lock of {@code :key}. */
    static final String LOCK = "SELECT pg_advisory_xact_lock(" + lockOf(":key") + ")";

    /** The advisory locks of the keys {@code :keys}, in the order of their hashes (a colliding pair is one lock). */
    static final String LOCK_ALL = "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT " + lockOf("key")
            + " AS k FROM unnest(CAST(:keys AS text[])) AS key ORDER BY k) AS keys";

    /** The digest of every imported row of a table, by legacy id. */
    static final String STATE_ROWS =
            "SELECT legacy_id, digest FROM legacy_row WHERE source_table = :t AND applied AND NOT deleted";

    /**
     * Per bucket of a table's imported rows ({@link LegacyRows#bucket}): how many, and the sum of their shares
     * ({@link LegacyRows#share}) as text.
     */
    static final String STATE_BUCKETS = """
            SELECT substr(md5(legacy_id), 1, 2) AS bucket, count(*) AS rows,
                   CAST(sum(CAST(CAST('x' || substr(md5(legacy_id || '=' || digest), 1, 15) AS bit(60)) AS bigint)) AS text) AS checksum
            FROM legacy_row WHERE source_table = :t AND applied AND NOT deleted GROUP BY 1""";

    /** The digest of a table's imported rows in some buckets, by legacy id. */
    static final String STATE_ROWS_IN_BUCKETS = STATE_ROWS + " AND substr(md5(legacy_id), 1, 2) IN (:buckets)";

    /**
     * The rows of a table that could not be imported (parked, refused), with the reason: they block verification. A row
     * waiting for one that never comes is one too, named with what it waits for: a row the ledger holds as deleted, or
     * could not import (a dispute whose payout was refused would otherwise only count as waiting).
     */
    static final String STATE_PROBLEMS = """
            SELECT p.legacy_id, p.reason FROM legacy_problem p
            JOIN legacy_row r ON r.source_table = p.source_table AND r.legacy_id = p.legacy_id
            WHERE p.source_table = :t AND NOT r.applied
            UNION ALL
            SELECT w.legacy_id, 'waits for ' || w.waits_for || CASE WHEN parent.deleted THEN ', deleted in the legacy database'
                                                                   ELSE ', which could not be imported' END
            FROM legacy_row w
            JOIN legacy_row parent ON parent.source_table = split_part(w.waits_for, ':', 1)
                AND parent.legacy_id = substr(w.waits_for, strpos(w.waits_for, ':') + 1)
            WHERE w.source_table = :t AND NOT w.applied AND w.waits_for IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM legacy_problem own
                              WHERE own.source_table = w.source_table AND own.legacy_id = w.legacy_id)
              AND (parent.deleted OR NOT parent.applied AND EXISTS (SELECT 1 FROM legacy_problem pp
                   WHERE pp.source_table = parent.source_table AND pp.legacy_id = parent.legacy_id))""";

    /** The rows of a table imported with a note (a password that could not come along), with the note. */
    static final String STATE_WARNINGS = """
            SELECT p.legacy_id, p.reason FROM legacy_problem p
            JOIN legacy_row r ON r.source_table = p.source_table AND r.legacy_id = p.legacy_id
            WHERE p.source_table = :t AND r.applied""";

    /** How many rows of every table could not be imported, and how many wait (each over a small set or an index). */
    static final String COUNTS = """
            SELECT (SELECT count(*) FROM legacy_problem p
                    JOIN legacy_row r ON r.source_table = p.source_table AND r.legacy_id = p.legacy_id WHERE NOT r.applied),
                   (SELECT count(*) FROM legacy_row WHERE NOT applied AND waits_for IS NOT NULL)""";

    /** How many rows of a table wait, and when the newest change was captured and applied. */
    static final String STATE_TIMES = """
            SELECT count(*) FILTER (WHERE NOT applied AND waits_for IS NOT NULL), max(source_at), max(applied_at)
            FROM legacy_row WHERE source_table = :t""";

    private static final String INSERT = """
            INSERT INTO legacy_row (source_table, legacy_id, row, digest, deleted, applied, waits_for, source_at, applied_at,
                                    topic_partition, topic_offset, commit_lsn, change_lsn, tx_id, missing_in)
            """;

    private static final String ON_CONFLICT = """
            ON CONFLICT (source_table, legacy_id) DO UPDATE SET row = excluded.row, digest = excluded.digest,
                deleted = excluded.deleted, applied = excluded.applied, waits_for = excluded.waits_for,
                source_at = excluded.source_at, applied_at = now(),
                topic_partition = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.topic_partition ELSE excluded.topic_partition END,
                topic_offset = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.topic_offset ELSE excluded.topic_offset END,
                commit_lsn = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.commit_lsn ELSE excluded.commit_lsn END,
                change_lsn = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.change_lsn ELSE excluded.change_lsn END,
                tx_id = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.tx_id ELSE excluded.tx_id END,
                missing_in = CASE WHEN excluded.topic_partition < 0 THEN legacy_row.missing_in ELSE excluded.missing_in END""";

    private static final String UPSERT = INSERT + """
            VALUES (:t, :id, CAST(:row AS jsonb), :digest, :deleted, :applied, :waits, :at, now(),
                    :partition, :offset, :commit, :lsn, :tx, :missing)
            """ + ON_CONFLICT;

    /**
     * Applied rows recorded at once, their problems cleared. {@code :rows} is a JSON array of one object per row:
     * {@code t}, {@code id}, {@code row}, {@code digest}, {@code deleted}, {@code at}, and its position: {@code p} the
     * partition, {@code o} the offset, {@code c} the commit LSN, {@code l} the LSN, {@code x} the transaction, {@code m}
     * a ghost row's delete's snapshot.
     */
    static final String RECORD_APPLIED_ALL = """
            WITH i AS (SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS i(t text, id text, row jsonb, digest text,
                           deleted boolean, at timestamptz, p integer, o bigint, c bigint, l bigint, x bigint, m text)),
                 problem AS (DELETE FROM legacy_problem lp USING i WHERE lp.source_table = i.t AND lp.legacy_id = i.id)
            """ + INSERT + """
            SELECT t, id, row, digest, deleted, true, NULL, at, now(), p, o, c, l, x, m FROM i
            """ + ON_CONFLICT;

    /** Only the position (and the time it was handled) of a change that changed nothing: the row as last known. */
    static final String ADVANCE = """
            UPDATE legacy_row SET applied_at = now(), topic_partition = :partition, topic_offset = :offset,
                commit_lsn = CAST(:commit AS bigint), change_lsn = CAST(:lsn AS bigint), tx_id = CAST(:tx AS bigint),
                missing_in = CAST(:missing AS text)
            WHERE source_table = :t AND legacy_id = :id AND CAST(:partition AS integer) >= 0""";

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
