package app.platform.legacy;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an importing service holds of one legacy table, said in the legacy table's terms, so that the cutover's
 * verification compares the service's own tables (not only its ledger) with the legacy rows.
 *
 * @param table   the legacy {@code schema.table}
 * @param query   SQL over the service's own tables (it lives in the service's {@code adapter/out/persistence}), no
 *                parameters: one row per legacy row the service holds, with {@code legacy_id} (the legacy row's id as
 *                text) and each legacy column the service maps, named as in the legacy table and turned back into its
 *                legacy value (jsonb cast to text, a numeric cast back to the legacy precision and scale, a timestamp
 *                with time zone as one)
 * @param dropped the legacy columns the service deliberately does not keep, each with why: they are left out of the
 *                comparison; a legacy column neither mapped nor dropped shows as a difference of every row
 * @param expected what the service should hold of a legacy row as last imported
 */
public record LegacyTarget(String table, String query, Map<String, String> dropped, Expected expected) {

    public LegacyTarget {
        dropped = Map.copyOf(dropped);
    }

    /** A table whose mapped columns the service holds as they are, and whose deleted rows it holds no more. */
    public static LegacyTarget of(String table, String query, Map<String, String> dropped) {
        return new LegacyTarget(table, query, dropped, Expected.AS_IS);
    }

    /** The same, with what the service should hold of a row said otherwise (a normalised value, a row kept). */
    public LegacyTarget expecting(Expected expected) {
        return new LegacyTarget(table, query, dropped, expected);
    }

    /** The legacy row's columns the service maps: every one but the dropped ones, as Debezium carried them. */
    public Map<String, Object> mapped(ObjectNode row) {
        Map<String, Object> mapped = new TreeMap<>();
        for (String column : row.propertyNames()) {
            if (!dropped.containsKey(column)) {
                mapped.put(column, row.get(column));
            }
        }
        return mapped;
    }

    /**
     * What a service should hold of a legacy row, in the legacy table's terms, given the row as last imported
     * (Debezium's JSON, merged) and whether it was deleted: the columns it maps (values as {@link JsonNode}s of the
     * row or plain Java values, compared by {@link LegacyRows#canonical}), or null when it should hold nothing.
     */
    @FunctionalInterface
    public interface Expected {

        /** The mapped columns as they are; nothing once the legacy row is deleted. */
        Expected AS_IS = (target, row, deleted) -> deleted ? null : target.mapped(row);

        Map<String, Object> of(LegacyTarget target, ObjectNode row, boolean deleted);
    }
}
