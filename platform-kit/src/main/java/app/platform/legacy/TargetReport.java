package app.platform.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an importing service holds of a legacy table against what it imported ({@link LegacyTarget}): how many rows
 * were compared; the ids it should hold and does not ({@code missing}), holds and should not ({@code extra}: a delete
 * it missed), and holds otherwise ({@code changed}, each with the legacy columns that differ, never their values);
 * the columns it drops, with why; or the {@code error} that kept it from comparing.
 */
public record TargetReport(String table, long compared, long missingCount, List<String> missing, long extraCount,
                           List<String> extra, long changedCount, Map<String, List<String>> changed,
                           Map<String, String> dropped, String error) {

    /** How many ids of each kind are listed (the first ones, in id order). */
    public static final int LISTED = 100;

    public boolean matches() {
        return error == null && missingCount == 0 && extraCount == 0 && changedCount == 0;
    }

    /** A table the service cannot say what it holds of. */
    public static TargetReport failed(String table, String error) {
        return new TargetReport(table, 0, 0, List.of(), 0, List.of(), 0, Map.of(), Map.of(), error);
    }

    /** Adds rows one by one (in any order), keeping counts and the first {@link #LISTED} ids of each kind. */
    public static final class Builder {
        private final LegacyTarget target;
        private long compared;
        private long missingCount;
        private long extraCount;
        private long changedCount;
        private final TreeSet<String> missing = new TreeSet<>();
        private final TreeSet<String> extra = new TreeSet<>();
        private final TreeMap<String, List<String>> changed = new TreeMap<>();

        public Builder(LegacyTarget target) {
            this.target = target;
        }

        /**
         * One row of the ledger with what the service holds of it.
         *
         * @param id      the legacy id
         * @param row     the row as last imported
         * @param deleted whether the legacy row was deleted
         * @param held    what the service holds (columns by legacy name), or null when it holds nothing
         */
        public Builder add(String id, ObjectNode row, boolean deleted, Map<String, Object> held) {
            Map<String, Object> expected = target.expected().of(target, row, deleted);
            if (expected == null && held == null) {
                return this;
            }
            compared++;
            if (held == null) {
                missingCount++;
                keep(missing, id);
            } else if (expected == null) {
                extraCount++;
                keep(extra, id);
            } else {
                List<String> columns = differing(expected, held);
                if (!columns.isEmpty()) {
                    changedCount++;
                    changed.put(id, columns);
                    if (changed.size() > LISTED) {
                        changed.pollLastEntry();
                    }
                }
            }
            return this;
        }

        /** A row the service holds with no legacy row to compare it with (the failback's check): extra. */
        public Builder heldOnly(String id) {
            compared++;
            extraCount++;
            keep(extra, id);
            return this;
        }

        public TargetReport build() {
            return new TargetReport(target.table(), compared, missingCount, List.copyOf(missing), extraCount,
                    List.copyOf(extra), changedCount, changed, new TreeMap<>(target.dropped()), null);
        }

        private static void keep(TreeSet<String> ids, String id) {
            ids.add(id);
            if (ids.size() > LISTED) {
                ids.pollLast();
            }
        }
    }

    /** The columns either side has and the other has otherwise (or not at all), by canonical value, sorted. */
    static List<String> differing(Map<String, Object> expected, Map<String, Object> held) {
        TreeSet<String> columns = new TreeSet<>(expected.keySet());
        columns.addAll(held.keySet());
        List<String> differing = new ArrayList<>();
        for (String column : columns) {
            if (!expected.containsKey(column) || !held.containsKey(column)
                    || !Objects.equals(LegacyRows.canonical(expected.get(column)), LegacyRows.canonical(held.get(column)))) {
                differing.add(column);
            }
        }
        return differing;
    }
}
