package app.platform.relay.reconciliation.domain;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One legacy table against its owner's ledger: counts, the missing (legacy only), extra (ledger only) and changed
 * (different digests) ids with their counts, a checksum of each side, the owner's problems (rows it could not
 * import: they block verification) and warnings (rows it imported with a note), the rows waiting, the lag of the
 * newest import, and what the owner's own tables hold of it ({@code target}); or the {@code error} that kept the
 * table from matching (not readable, no owner, or a table not captured that holds rows).
 */
public record TableReport(String table, String owner, long legacyCount, long importedCount, long missingCount,
                          List<String> missingIds, long extraCount, List<String> extraIds, long changedCount,
                          List<String> changedIds, boolean checksumMatch, String legacyChecksum,
                          String importedChecksum, long problemCount, Map<String, String> problems,
                          long warningCount, Map<String, String> warnings, long waiting, Long lagMs, String error,
                          Target target) {

    /** How many ids of each kind (the first, in id order) and problems (the owner's first) are listed. */
    public static final int LISTED = 100;

    /**
     * Compared, the same checksum, nothing missing, extra or changed, no row its owner could not import, and the
     * owner's own tables hold what it imported.
     */
    public boolean matches() {
        return error == null && checksumMatch && missingCount == 0 && extraCount == 0 && changedCount == 0
                && problemCount == 0 && (target == null || target.matches());
    }

    /**
     * This report with only the differences that {@code again} (the same table compared later, once the importers
     * passed this report's snapshot) still finds: a row that differed here and matches there was a change in flight,
     * not a difference. Only differences both found count; a table with more differences of a kind than are listed,
     * at either look, cannot be narrowed down, and {@code again} stands. Problems, waiting rows and lag are
     * {@code again}'s.
     */
    public TableReport recheckedBy(TableReport again) {
        if (error != null || again.error != null || overflows() || again.overflows()) {
            return again;
        }
        List<String> missing = both(missingIds, again.missingIds);
        List<String> extra = both(extraIds, again.extraIds);
        List<String> changed = both(changedIds, again.changedIds);
        Target held = target == null || again.target == null || again.target.error() != null ? again.target
                : target.recheckedBy(again.target);
        boolean none = missing.isEmpty() && extra.isEmpty() && changed.isEmpty();
        return new TableReport(table, owner, again.legacyCount, again.importedCount, missing.size(), missing, extra.size(),
                extra, changed.size(), changed, again.checksumMatch || none, again.legacyChecksum, again.importedChecksum,
                again.problemCount, again.problems, again.warningCount, again.warnings, again.waiting, again.lagMs, null, held);
    }

    /** Whether a kind of difference has more ids than the report lists (of the ledger's, or of the owner's tables'). */
    private boolean overflows() {
        return missingCount > LISTED || extraCount > LISTED || changedCount > LISTED
                || target != null && target.error() == null && (target.missingCount() > LISTED
                || target.extraCount() > LISTED || target.changedCount() > LISTED);
    }

    private static List<String> both(List<String> first, List<String> again) {
        return first.stream().filter(again::contains).toList();
    }

    /** The same report with what the owner's own tables hold of the table. */
    public TableReport withTarget(Target held) {
        return new TableReport(table, owner, legacyCount, importedCount, missingCount, missingIds, extraCount, extraIds,
                changedCount, changedIds, checksumMatch, legacyChecksum, importedChecksum, problemCount, problems,
                warningCount, warnings, waiting, lagMs, error, held);
    }

    /**
     * Compares a legacy table's rows with its owner's ledger, both as digests by id: equal digests are equal rows.
     *
     * @param checksum the checksum of one side's digests by id
     */
    public static TableReport compare(String table, String owner, Map<String, String> legacy, Ledger ledger,
                                      Function<Map<String, String>, String> checksum) {
        Map<String, String> imported = ledger.rows();
        TreeSet<String> missing = new TreeSet<>(legacy.keySet());
        missing.removeAll(imported.keySet());
        TreeSet<String> extra = new TreeSet<>(imported.keySet());
        extra.removeAll(legacy.keySet());
        TreeSet<String> changed = new TreeSet<>();
        legacy.forEach((id, digest) -> {
            String theirs = imported.get(id);
            if (theirs != null && !theirs.equals(digest)) {
                changed.add(id);
            }
        });
        Map<String, String> problems = first(ledger.problems());
        Map<String, String> warnings = first(ledger.warnings());
        String legacySum = checksum.apply(legacy);
        String importedSum = checksum.apply(imported);
        return new TableReport(table, owner, legacy.size(), imported.size(), missing.size(), first(missing),
                extra.size(), first(extra), changed.size(), first(changed), legacySum.equals(importedSum), legacySum,
                importedSum, ledger.problems().size(), problems, ledger.warnings().size(), warnings, ledger.waiting(),
                ledger.lagMs(), null, null);
    }

    /**
     * Compares a legacy table with its owner's ledger bucket by bucket: the counts and checksums from both sides'
     * buckets, the missing, extra and changed ids from the rows of the buckets that differ (all that was read of them).
     *
     * @param legacy     the legacy side's buckets
     * @param legacyRows the legacy side's digests by id in the buckets that differ
     * @param ledger     the owner's buckets, and its digests by id in the buckets that differ
     */
    public static TableReport compare(String table, String owner, Map<String, Bucket> legacy, Map<String, String> legacyRows,
                                      Ledger ledger) {
        TableReport rows = compare(table, owner, legacyRows, ledger, digests -> "");
        String legacySum = Bucket.checksum(legacy);
        String importedSum = Bucket.checksum(ledger.buckets());
        return new TableReport(table, owner, Bucket.rows(legacy), Bucket.rows(ledger.buckets()), rows.missingCount,
                rows.missingIds, rows.extraCount, rows.extraIds, rows.changedCount, rows.changedIds,
                legacySum.equals(importedSum), legacySum, importedSum, rows.problemCount, rows.problems,
                rows.warningCount, rows.warnings, rows.waiting, rows.lagMs, null, null);
    }

    /** A table that could not be compared; it never matches. */
    public static TableReport failed(String table, String owner, String error) {
        return new TableReport(table, owner, 0, 0, 0, List.of(), 0, List.of(), 0, List.of(), false, null, null,
                0, Map.of(), 0, Map.of(), 0, null, error, null);
    }

    /**
     * A legacy table in scope that is not captured: it matches only while it holds no row (a table the legacy
     * database does not have holds none), and is named in the report either way.
     */
    public static TableReport uncaptured(String table, boolean exists, long rows) {
        String error = rows == 0 ? null
                : "not captured, and it holds " + rows + " rows: capture it and give it an owner, or accept the loss by "
                + "taking it off relay.reconciliation.uncaptured";
        return new TableReport(table, exists ? "(not captured)" : "(not captured; absent)", rows, 0, rows, List.of(), 0,
                List.of(), 0, List.of(), rows == 0, null, null, 0, Map.of(), 0, Map.of(), 0, null, error, null);
    }

    /** The owner's first {@link #LISTED}, sorted by id. */
    private static Map<String, String> first(Map<String, String> reasons) {
        Map<String, String> first = new TreeMap<>();
        reasons.entrySet().stream().limit(LISTED).forEach(e -> first.put(e.getKey(), e.getValue()));
        return first;
    }

    private static List<String> first(SortedSet<String> ids) {
        return ids.stream().limit(LISTED).toList();
    }
}
