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
 */
public record LegacyChange(String table, String op, ObjectNode row, Instant sourceAt) {

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
                    (ObjectNode) row, Instant.ofEpochMilli(source.path("ts_ms").asLong()));
        } catch (RuntimeException e) {
            throw new EventJson.MalformedEvent("not a legacy change: " + e.getMessage(), e);
        }
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

    /** A {@code timestamptz} column (Debezium writes ISO-8601 text); null when null. */
    public static Instant time(JsonNode row, String column) {
        String value = text(row, column);
        return value == null ? null : Instant.parse(value);
    }

    /** The same change with its row replaced (after merging unavailable values with the last known row). */
    public LegacyChange withRow(ObjectNode merged) {
        return new LegacyChange(table, op, merged, sourceAt);
    }
}
