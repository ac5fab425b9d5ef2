package app.platform.relay.legacy.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A captured table whose columns are no longer what the capture first saw: DDL on the legacy side, which logical
 * decoding does not replicate. Columns read {@code name type[ not null], ...} in order; {@code now} is empty when the
 * table is gone.
 */
public record SchemaChange(String table, String recorded, String now) {

    /**
     * The tables whose columns differ from those recorded, in the order of {@code recorded}.
     *
     * @param recorded each table's columns as the capture first saw them
     * @param now      each table's columns now; a table missing here was dropped
     */
    public static List<SchemaChange> between(Map<String, String> recorded, Map<String, String> now) {
        List<SchemaChange> changes = new ArrayList<>();
        recorded.forEach((table, columns) -> {
            String current = now.getOrDefault(table, "");
            if (!current.equals(columns)) {
                changes.add(new SchemaChange(table, columns, current));
            }
        });
        return changes;
    }
}
