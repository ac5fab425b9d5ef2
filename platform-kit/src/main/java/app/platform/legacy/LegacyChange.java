package app.platform.legacy;

import app.platform.events.EventJson;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One change of a legacy (Supabase) row as cdc-relay's capture publishes it on {@code legacy.<schema>.<table>}:
 * Debezium's JSON ({@code op} c/u/d/r, {@code before}, {@code after}, {@code source}).
 *
 * @param table    {@code <schema>.<table>} of the legacy row
 * @param op       {@code c} insert, {@code u} update, {@code d} delete, {@code r} snapshot read
 * @param row      the row after the change, or before it for a delete
 * @param sourceAt when the legacy database committed it (the snapshot's time for a read)
 * @param position where the change stands in the capture and on its topic, which orders the changes of one row
 */
public record LegacyChange(String table, String op, ObjectNode row, Instant sourceAt, Position position) {

    /** A change with no known position (a test's, or a row read again from the ledger): never skipped as older. */
    public LegacyChange(String table, String op, ObjectNode row, Instant sourceAt) {
        this(table, op, row, sourceAt, Position.UNKNOWN);
    }

    /**
     * Where a change stands, to skip one already applied or older than the row's last applied change.
     * <ul>
     * <li>In the legacy database's log, for a streamed change: Debezium's {@code source.sequence} (the last commit's
     * LSN, then the change's LSN; null for a snapshot read), and the transaction id. Debezium emits the changes of a
     * row in commit order, and re-emits some after a crash of the relay: a streamed change at or below the row's last
     * applied streamed change is one of those.
     * <li>On its topic ({@code partition}, {@code offset}; -1 when unknown), when either change is a snapshot read:
     * a consumer that reads a topic again (from offset 0) meets changes at or below the row's last applied offset.
     * A snapshot read is never compared by the log: a snapshot taken again is the row as it is now, and a change
     * streamed after a snapshot read may carry an earlier LSN (a transaction that began before the snapshot and
     * committed after it).
     * <li>A ghost row's delete (cdc-relay's, of a row the legacy table lacked in its snapshot {@code missingIn}) is
     * older than a streamed change that snapshot did not see committed, by the change's transaction: Debezium's
     * sequence cannot tell, as it names the commit before the change's own (the first transaction committed after the
     * snapshot carries one from before it), and a transaction in progress at the snapshot wrote below its LSN. Once
     * applied, a streamed change that snapshot saw committed is older than it (the capture behind the sweep, or
     * sending changes again after a crash). Against anything else it is ordered by its offset, as a snapshot read is.
     * The first transaction streamed after the capture's initial snapshot has no commit before it in its sequence
     * ({@code [null, lsn]}): it stands at commit 0, still a streamed change.
     * </ul>
     *
     * @param missingIn for a ghost row's delete: the legacy snapshot in which the row was missing (kept by the ledger
     *                  while the delete is the row's last change)
     */
    public record Position(int partition, long offset, Long commitLsn, Long lsn, Long txId, TxSnapshot missingIn) {

        public static final Position UNKNOWN = new Position(-1, -1, null, null, null);

        public Position(int partition, long offset, Long commitLsn, Long lsn, Long txId) {
            this(partition, offset, commitLsn, lsn, txId, null);
        }

        /**
         * Whether this position is at or before {@code applied}, the position of the row's last applied change: by the
         * log when both are streamed changes (whatever the offsets: a topic may be read again or recreated); otherwise by
         * the offset on the same partition; a ghost row's delete by what its snapshot saw.
         */
        public boolean notAfter(Position applied) {
            if (applied == null) {
                return false;
            }
            if (missingIn != null && applied.commitLsn != null && applied.txId != null) {
                // a ghost row's delete after a streamed change: older when its snapshot did not see that change
                // committed; a topic read again meets it at or before the change's offset
                return !missingIn.saw(applied.txId)
                        || partition >= 0 && partition == applied.partition && offset <= applied.offset;
            }
            if (applied.missingIn != null && missingIn == null && commitLsn != null && txId != null) {
                // a streamed change after a ghost row's delete: older when the delete's snapshot saw it committed
                // (the capture behind the sweep, or sending changes again after a crash)
                return applied.missingIn.saw(txId);
            }
            if (commitLsn != null && applied.commitLsn != null) {
                int byCommit = Long.compare(commitLsn, applied.commitLsn);
                return byCommit < 0 || byCommit == 0 && lsn != null && applied.lsn != null && lsn <= applied.lsn;
            }
            return partition >= 0 && partition == applied.partition && offset <= applied.offset;
        }

        /** The same position on a topic's partition and offset. */
        public Position at(int partition, long offset) {
            return new Position(partition, offset, commitLsn, lsn, txId, missingIn);
        }
    }

    /**
     * The field of a ghost row's delete's {@code source} naming the legacy snapshot the row was missing in
     * ({@link TxSnapshot}'s text): cdc-relay's {@code GhostDelete} writes it.
     */
    public static final String GHOST_SNAPSHOT = "missing_in_snapshot";

    /** Debezium's stand-in for an unchanged TOASTed value: never stored, always merged with the last known row. */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";

    /** Parses a captured change; {@link EventJson.MalformedEvent} when the text is not one (it goes to the DLT). */
    public static LegacyChange parse(String json) {
        try {
            JsonNode change = EventJson.MAPPER.readTree(json);
            String op = change.path("op").asString("");
            JsonNode row = change.path(op.equals("d") ? "before" : "after");
            JsonNode source = change.path("source");
            if (!row.isObject() || !source.isObject() || op.isEmpty()) {
                throw new IllegalArgumentException("no op, row or source");
            }
            return new LegacyChange(source.path("schema").asString() + "." + source.path("table").asString(), op,
                    (ObjectNode) row, Instant.ofEpochMilli(source.path("ts_ms").asLong()), position(source));
        } catch (RuntimeException e) {
            throw new EventJson.MalformedEvent("not a legacy change: " + e.getMessage(), e);
        }
    }

    /** A change read from {@code partition} at {@code offset} of its topic. */
    public static LegacyChange parse(String json, int partition, long offset) {
        LegacyChange change = parse(json);
        return new LegacyChange(change.table, change.op, change.row, change.sourceAt, change.position.at(partition, offset));
    }

    /** Debezium's {@code sequence} ({@code ["<last commit lsn>","<lsn>"]}, the first null for a snapshot read). */
    private static Position position(JsonNode source) {
        Long commit = null;
        Long lsn = source.path("lsn").isNumber() ? source.path("lsn").asLong() : null;
        String sequence = source.path("sequence").asString("");
        if (!sequence.isEmpty()) {
            JsonNode pair = EventJson.MAPPER.readTree(sequence);
            commit = pair.path(0).isNull() || pair.path(0).isMissingNode() ? null : Long.valueOf(pair.path(0).asString());
            lsn = pair.path(1).isNull() || pair.path(1).isMissingNode() ? lsn : Long.valueOf(pair.path(1).asString());
        }
        Long tx = source.path("txId").isNumber() ? source.path("txId").asLong() : null;
        TxSnapshot missingIn = TxSnapshot.parseNullable(source.path(GHOST_SNAPSHOT).asString(null));
        if (commit == null && missingIn == null && tx != null && "false".equals(source.path("snapshot").asString(""))) {
            // the first transaction streamed after the capture's initial snapshot: Debezium knows no commit before it
            commit = 0L;
        }
        return new Position(-1, -1, commit, lsn, tx, missingIn);
    }

    public boolean deleted() {
        return op.equals("d");
    }

    /** The row's primary key as text (every captured table has a single-column key named {@code id}). */
    public String id() {
        return text("id");
    }

    /** A column as text; null when it is null or an unavailable (TOASTed) value. */
    public String text(String column) {
        return text(row, column);
    }

    public static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null || value.isNull() || UNAVAILABLE.equals(value.asString(""))) {
            return null;
        }
        return value.isString() ? value.asString() : value.toString();
    }

    /**
     * A {@code timestamptz} column (Debezium writes ISO-8601 text), or a {@code timestamp} one (Debezium writes its
     * wall time as UTC in microseconds, or milliseconds up to precision 3, since the epoch); null when null.
     */
    public static Instant time(JsonNode row, String column) {
        JsonNode node = row.get(column);
        if (node != null && node.isNumber()) {
            // a timestamp without time zone: its wall time as UTC, in microseconds (milliseconds up to precision 3)
            long value = node.asLong();
            return Math.abs(value) >= 100_000_000_000_000L ? Instant.EPOCH.plus(value, java.time.temporal.ChronoUnit.MICROS)
                    : Instant.ofEpochMilli(value);
        }
        String value = text(row, column);
        return value == null ? null : Instant.parse(value);
    }

    /** The same change with its row replaced (after merging unavailable values with the last known row). */
    public LegacyChange withRow(ObjectNode merged) {
        return new LegacyChange(table, op, merged, sourceAt, position);
    }
}
