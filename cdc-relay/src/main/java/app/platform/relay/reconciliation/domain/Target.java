package app.platform.relay.reconciliation.domain;

import java.util.List;
import java.util.Map;

/**
 * What an owner's own tables hold of a legacy table against the rows it imported, each turned back into the legacy
 * table's terms by the owner: how many rows were compared; the ids it should hold and does not ({@code missing}),
 * holds and should not ({@code extra}, a delete it missed), and holds otherwise ({@code changed}, each with the legacy
 * columns that differ); the legacy columns it drops on purpose, with why; or the {@code error} that kept it from
 * comparing (an owner that says nothing of the table fails).
 */
public record Target(long compared, long missingCount, List<String> missing, long extraCount, List<String> extra,
                     long changedCount, Map<String, List<String>> changed, Map<String, String> dropped, String error) {

    public boolean matches() {
        return error == null && missingCount == 0 && extraCount == 0 && changedCount == 0;
    }

    /** Only the differences {@code again} (the same comparison, later) still finds ({@link TableReport#recheckedBy}). */
    Target recheckedBy(Target again) {
        List<String> stillMissing = missing.stream().filter(again.missing::contains).toList();
        List<String> stillExtra = extra.stream().filter(again.extra::contains).toList();
        Map<String, List<String>> stillChanged = new java.util.TreeMap<>();
        changed.forEach((id, columns) -> {
            if (again.changed.containsKey(id)) {
                stillChanged.put(id, again.changed.get(id));
            }
        });
        return new Target(again.compared, stillMissing.size(), stillMissing, stillExtra.size(), stillExtra,
                stillChanged.size(), stillChanged, again.dropped, null);
    }

    public static Target failed(String error) {
        return new Target(0, 0, List.of(), 0, List.of(), 0, Map.of(), Map.of(), error);
    }
}
