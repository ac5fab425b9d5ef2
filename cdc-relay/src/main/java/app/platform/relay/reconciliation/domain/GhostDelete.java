package app.platform.relay.reconciliation.domain;

import app.platform.legacy.LegacyChange;
import app.platform.legacy.TxSnapshot;
import app.platform.relay.cutover.domain.Lsn;

/**
 * The delete of a ghost row (one an importer's ledger holds and the legacy table does not), shaped as the capture's
 * own changes are, so that an importer applies it as any captured delete:
 * <ul>
 * <li>its <b>key</b> is exactly the capture's key of that row (Debezium's JSON without schema: {@code {"id":"…"}} for a
 * text or uuid id, {@code {"id":123}} for an integer id), byte for byte, so that it lands on the row's partition, after
 * every change of the row sent before it;</li>
 * <li>its <b>value</b> is Debezium's delete ({@code op} {@code d}, a {@code before} of the key only, as a delete is
 * applied to the row as last known), its {@code source} naming the legacy snapshot in which the row was found missing:
 * its position ({@code lsn}) and which transactions it saw ({@code missing_in_snapshot}, {@link TxSnapshot}). A change
 * streamed that the snapshot did not see committed (the id inserted again, even by the first transaction after it,
 * whose Debezium {@code sequence} names an earlier commit) is newer and wins, applied before the delete or after it;
 * a row last applied from a snapshot read is ordered by its offset, and this delete comes later on the same
 * partition. It has no {@code sequence}: it is ordered by its offset against what follows it.</li>
 * </ul>
 * The text is written here, as Jackson writes it (compact, the same escapes), without depending on it.
 *
 * @param numericId the legacy table's {@code id} is an integer column, which Debezium writes as a JSON number
 * @param position  the legacy snapshot's WAL position, read just before it was taken
 * @param missingIn the legacy snapshot's transactions ({@code pg_current_snapshot()})
 * @param atMillis  when the delete was made: its {@code ts_ms} and {@code source.ts_ms}
 */
public record GhostDelete(String schema, String table, String id, boolean numericId, Lsn position, TxSnapshot missingIn,
                          long atMillis) {

    /** {@code source.connector} of every ghost-row delete: not Debezium's {@code postgresql}. */
    public static final String CONNECTOR = "platform-ghost-rows";

    public GhostDelete {
        if (schema == null || table == null || id == null || position == null || missingIn == null) {
            throw new IllegalArgumentException("a ghost row's delete needs its schema, table, id and snapshot");
        }
    }

    /** The delete of row {@code id} of {@code schemaTable} ({@code schema.table}). */
    public static GhostDelete of(String schemaTable, String id, boolean numericId, Lsn position, TxSnapshot missingIn,
                                 long atMillis) {
        int dot = schemaTable.indexOf('.');
        if (dot < 1 || dot == schemaTable.length() - 1) {
            throw new IllegalArgumentException("not a schema.table: " + schemaTable);
        }
        return new GhostDelete(schemaTable.substring(0, dot), schemaTable.substring(dot + 1), id, numericId, position,
                missingIn, atMillis);
    }

    /** The record's key: the capture's key of the row. */
    public String key() {
        return "{\"id\":" + idJson() + "}";
    }

    /** The record's value: a Debezium delete naming the snapshot the row was missing in. */
    public String value() {
        return "{\"before\":{\"id\":" + idJson() + "},\"after\":null,\"op\":\"d\",\"ts_ms\":" + atMillis
                + ",\"source\":{\"connector\":" + string(CONNECTOR) + ",\"schema\":" + string(schema)
                + ",\"table\":" + string(table) + ",\"ts_ms\":" + atMillis + ",\"snapshot\":\"false\",\"lsn\":"
                + position.decimal() + ",\"" + LegacyChange.GHOST_SNAPSHOT + "\":" + string(missingIn.toString())
                + ",\"txId\":null}}";
    }

    /** The id as Debezium writes it: a number for an integer column (the ledger keeps its decimal text), else text. */
    private String idJson() {
        return numericId && id.matches("-?[0-9]+") ? id : string(id);
    }

    /** A JSON string as Jackson writes it: {@code "} and {@code \} escaped, control characters too, nothing else. */
    static String string(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        json.append(String.format("\\u%04X", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
