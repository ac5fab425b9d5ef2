package app.platform.failback;

import app.platform.legacy.LegacyTarget;
import app.platform.legacy.LegacyTargets;
import app.platform.legacy.TargetReport;
import java.util.Map;
import java.util.function.Function;

/**
 * The failback's verification, the forward one in the other direction, per legacy table: the legacy table as it is
 * now against what the service's own tables hold of it ({@link LegacyTarget}, its own rows too), each legacy row
 * turned into what the service should hold of it by the import's own rules. Missing: a legacy row the platform does
 * not hold (a delete not carried back); extra: a row the platform holds that the legacy table lacks (not carried
 * back); changed: the columns that differ. The target is held in memory, the legacy table streamed.
 */
public class FailbackCheck {

    private final LegacyWriter writer;
    private final LegacyTargets targets;
    private final Function<LegacyTarget, Map<String, Map<String, Object>>> held;

    /**
     * @param targets the service's ledger's targets
     * @param held    every row a target's query holds, by legacy id (the ledger's {@code held})
     */
    public FailbackCheck(LegacyWriter writer, LegacyTargets targets, Function<LegacyTarget, Map<String, Map<String, Object>>> held) {
        this.writer = writer;
        this.targets = targets;
        this.held = held;
    }

    /** The check of one table; one the service declares no target for fails (and is never read). */
    public TargetReport check(String table) {
        return targets.of(table).map(target -> {
            Map<String, Map<String, Object>> platform = held.apply(target);
            TargetReport.Builder report = new TargetReport.Builder(target);
            writer.rows(table, row -> {
                String id = row.path("id").asString();
                report.add(id, row, false, platform.remove(id));
            });
            platform.keySet().forEach(report::heldOnly);
            return report.build();
        }).orElseGet(() -> LegacyTargets.undeclared(table));
    }
}
