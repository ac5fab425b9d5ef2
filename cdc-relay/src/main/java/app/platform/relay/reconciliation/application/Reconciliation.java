package app.platform.relay.reconciliation.application;

import app.platform.errors.Conflict;
import app.platform.legacy.LegacyRows;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.application.LegacySchema;
import app.platform.relay.reconciliation.domain.Ledger;
import app.platform.relay.reconciliation.domain.Report;
import app.platform.relay.reconciliation.domain.TableReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The cutover's reconciliation: per captured legacy table, the legacy rows (read from the legacy database, each
 * digested as {@link LegacyRows} does) against what the owning service imported (its ledger): counts, missing,
 * extra and changed ids, a checksum of each side, the rows the service could not import with their reasons, the
 * rows still waiting, and the lag of the newest import. Verification passes only when every table matches.
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
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            throw new Conflict("no legacy capture is configured (RELAY_LEGACY_ENABLED)");
        }
        Map<String, String> ownerByTable = new LinkedHashMap<>();
        props.owners().forEach((service, owner) -> owner.tables().stream().filter(capture.tables()::contains)
                .forEach(table -> ownerByTable.put(table, service)));
        // every owner's ledger is asked at once, while the legacy tables are read one after the other
        Map<String, CompletableFuture<Ledger>> answers = ledgers.ask(ownerByTable);
        List<TableReport> tables = new ArrayList<>();
        try (LegacyTables.Session legacyDb = legacyTables.open(capture)) {
            ownerByTable.forEach((table, service) -> tables.add(table(legacyDb, service, table, answers.get(table))));
        }
        return Report.of(clock.instant(), tables, schema.changes(capture));
    }

    private static TableReport table(LegacyTables.Session legacyDb, String service, String table,
                                     CompletableFuture<Ledger> answer) {
        Map<String, String> legacyRows;
        try {
            legacyRows = legacyDb.digests(table);
        } catch (LegacyDatabaseUnreadable e) {
            return TableReport.failed(table, service, "the legacy table cannot be read: " + e.reason());
        }
        Ledger ledger;
        try {
            ledger = answer.join();
        } catch (CompletionException e) {
            return TableReport.failed(table, service, service + " did not answer: " + e.getCause().getMessage());
        }
        return TableReport.compare(table, service, legacyRows, ledger, LegacyRows::checksum);
    }
}
