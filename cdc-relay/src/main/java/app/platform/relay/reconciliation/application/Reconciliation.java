package app.platform.relay.reconciliation.application;

import app.platform.errors.Conflict;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.application.LegacySchema;
import app.platform.relay.reconciliation.domain.Bucket;
import app.platform.relay.reconciliation.domain.FailbackTable;
import app.platform.relay.reconciliation.domain.Ledger;
import app.platform.relay.reconciliation.domain.Report;
import app.platform.relay.reconciliation.domain.TableReport;
import app.platform.relay.reconciliation.domain.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The cutover's reconciliation: per captured legacy table, the legacy rows (read from the legacy database in one
 * snapshot, each digested as {@link app.platform.legacy.LegacyRows} does) against what the owning service imported (its
 * ledger), bucket by bucket then in the buckets that differ (nothing holds a whole table): counts,
 * missing, extra and changed ids, a checksum of each side, the rows the service could not import with their reasons
 * (which block verification), the rows still waiting, the lag of the newest import, and what the owner's own tables
 * hold of the table, turned back into its terms by the owner ({@link Target}: a row an importer dropped, mis-mapped,
 * left stale or failed to delete shows there with its columns). A captured table no service
 * owns fails; a table in scope that is not captured passes only while it is empty. Verification passes only when
 * every table matches.
 */
@Service
public class Reconciliation {

    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final ReconciliationProperties props;
    private final Ledgers ledgers;
    private final LegacyTables legacyTables;
    private final LegacySchema schema;
    private final Clock clock;

    public Reconciliation(ObjectProvider<LegacyCaptureProperties> legacy, ReconciliationProperties props, Ledgers ledgers,
                          LegacyTables legacyTables, LegacySchema schema, Clock clock) {
        this.legacy = legacy;
        this.props = props;
        this.ledgers = ledgers;
        this.legacyTables = legacyTables;
        this.schema = schema;
        this.clock = clock;
    }

    public Report report() {
        return report((done, total) -> { });
    }

    /**
     * The report, telling {@code progress} (tables done, tables in all) after each table. Every captured table is
     * compared with its owner's ledger (one without an owner fails); every uncaptured table in scope is counted.
     */
    public Report report(Progress progress) {
        return report(table -> true, progress);
    }

    /** The report of the tables {@code which} keeps only (a re-check of those that differed). */
    public Report report(java.util.function.Predicate<String> which, Progress progress) {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            throw new Conflict("no legacy capture is configured (RELAY_LEGACY_ENABLED)");
        }
        Map<String, String> ownerByTable = new java.util.LinkedHashMap<>(props.ownerByTable(capture.tables()));
        List<String> unowned = capture.tables().stream().filter(t -> !ownerByTable.containsKey(t)).filter(which).toList();
        ownerByTable.keySet().removeIf(which.negate());
        List<String> uncaptured = props.uncaptured().stream().filter(t -> !capture.tables().contains(t)).filter(which).toList();
        int total = ownerByTable.size() + unowned.size() + uncaptured.size();
        // every owner's ledger is asked at once, while the legacy tables are read one after the other
        Map<String, CompletableFuture<Ledger>> answers = ledgers.ask(ownerByTable);
        Map<String, CompletableFuture<Target>> held = ledgers.targets(ownerByTable);
        List<TableReport> tables = new ArrayList<>();
        String snapshotLsn;
        try (LegacyTables.Session legacyDb = legacyTables.open(capture)) {
            snapshotLsn = legacyDb.snapshotLsn();
            ownerByTable.forEach((table, service) -> {
                tables.add(table(legacyDb, service, table, answers.get(table)).withTarget(target(service, held.get(table))));
                progress.tablesDone(tables.size(), total);
            });
            for (String table : unowned) {
                tables.add(TableReport.failed(table, null, "captured, but no service imports it (relay.reconciliation.owners)"));
                progress.tablesDone(tables.size(), total);
            }
            for (String table : uncaptured) {
                tables.add(uncapturedTable(legacyDb, table));
                progress.tablesDone(tables.size(), total);
            }
        }
        return Report.of(clock.instant(), snapshotLsn, tables, schema.changes(capture));
    }

    /**
     * The failback's verification: every captured table against what its owner's own tables hold of it now, its own
     * rows too ({@link FailbackTable}); the tables of an owner {@code carriesBack} refuses are listed as not carried.
     */
    public List<FailbackTable> failbackReport(java.util.function.Predicate<String> carriesBack) {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            throw new Conflict("no legacy capture is configured (RELAY_LEGACY_ENABLED)");
        }
        Map<String, String> ownerByTable = props.ownerByTable(capture.tables());
        Map<String, String> carried = new java.util.LinkedHashMap<>(ownerByTable);
        carried.values().removeIf(carriesBack.negate());
        Map<String, CompletableFuture<Target>> checks = ledgers.failbackChecks(carried);
        List<FailbackTable> tables = new ArrayList<>();
        ownerByTable.forEach((table, service) -> tables.add(carried.containsKey(table)
                ? new FailbackTable(table, service, target(service, checks.get(table)), null)
                : new FailbackTable(table, service, null, service + " has no reverse stream: the table is not carried back")));
        return tables;
    }

    private static Target target(String service, CompletableFuture<Target> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            return Target.failed(service + " did not say what its tables hold: " + e.getCause().getMessage());
        }
    }

    /** Told after each table of a report: how many are done, of how many. */
    @FunctionalInterface
    public interface Progress {
        void tablesDone(int done, int total);
    }

    private static TableReport uncapturedTable(LegacyTables.Session legacyDb, String table) {
        try {
            LegacyTables.Count count = legacyDb.count(table);
            return TableReport.uncaptured(table, count.exists(), count.rows());
        } catch (LegacyDatabaseUnreadable e) {
            return TableReport.failed(table, null, "the legacy table cannot be read: " + e.reason());
        }
    }

    /**
     * Compares a table bucket by bucket: both sides' 256 bucket sums first (the legacy table streamed, the owner's
     * summed in SQL), then the rows of the buckets that differ only, so that a table that matches is never held in
     * memory, and one that differs is held only as far as it differs.
     */
    private TableReport table(LegacyTables.Session legacyDb, String service, String table, CompletableFuture<Ledger> answer) {
        Map<String, Bucket> legacyBuckets;
        try {
            legacyBuckets = legacyDb.buckets(table);
        } catch (LegacyDatabaseUnreadable e) {
            return TableReport.failed(table, service, "the legacy table cannot be read: " + e.reason());
        }
        Ledger ledger;
        try {
            ledger = answer.join();
        } catch (CompletionException e) {
            return TableReport.failed(table, service, service + " did not answer: " + e.getCause().getMessage());
        }
        Set<String> differing = Bucket.differing(legacyBuckets, ledger.buckets());
        try {
            Map<String, String> legacyRows = legacyDb.digests(table, differing);
            return TableReport.compare(table, service, legacyBuckets, legacyRows,
                    ledger.withRows(ledgers.rows(service, table, differing)));
        } catch (LegacyDatabaseUnreadable e) {
            return TableReport.failed(table, service, "the legacy table cannot be read: " + e.reason());
        } catch (RuntimeException e) {
            return TableReport.failed(table, service, service + " did not answer: " + e.getMessage());
        }
    }
}
