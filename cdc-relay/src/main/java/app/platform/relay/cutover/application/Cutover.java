package app.platform.relay.cutover.application;

import app.platform.relay.cutover.application.LegacyReplication.Publication;
import app.platform.relay.cutover.application.LegacyReplication.Slot;
import app.platform.relay.cutover.domain.CutoverState;
import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.application.LegacySchema;
import app.platform.relay.legacy.domain.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The cutover's operations: its status (the legacy capture's engine, its replication slot and lag, its
 * publication), and its end. Finalize and rollback both stop the capture and drop the slot and the publication
 * from the legacy database (Supabase allows few slots, and a slot left behind holds WAL); they differ in what they
 * record: finalized, the new services are the system of record; rolled back, the legacy database stays it (it was
 * never written to). Either is final: a restarted relay does not capture again.
 */
@Service
public class Cutover {

    public record Engine(boolean running, long forwarded, Instant lastSourceTime, String failure) {
    }

    public record Status(String state, Instant changedAt, String changedBy, boolean captureConfigured, Engine engine,
                         Slot slot, Publication publication, List<SchemaChange> schemaChanges) {
    }

    private final CutoverStore store;
    private final LegacyReplication replication;
    private final LegacySchema schema;
    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final ObjectProvider<CaptureEngine> engines;

    public Cutover(CutoverStore store, LegacyReplication replication, LegacySchema schema,
                   ObjectProvider<LegacyCaptureProperties> legacy, ObjectProvider<CaptureEngine> engines) {
        this.store = store;
        this.replication = replication;
        this.schema = schema;
        this.legacy = legacy;
        this.engines = engines;
    }

    /** Whether the legacy database is still to be captured. */
    public boolean capturing() {
        return store.current().state().capturing();
    }

    public Status status() {
        CutoverStore.Recorded current = store.current();
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        Engine engine = engine().map(e -> new Engine(e.isRunning() && e.failure() == null, e.forwarder().forwarded(),
                e.forwarder().lastSourceMillis() == 0 ? null : Instant.ofEpochMilli(e.forwarder().lastSourceMillis()),
                e.failure())).orElse(null);
        Slot slot = null;
        Publication publication = null;
        if (capture != null) {
            try {
                LegacyReplication.Replication replicated = replication.read(capture);
                slot = replicated.slot();
                publication = replicated.publication();
            } catch (LegacyDatabaseUnreadable e) {
                slot = new Slot(capture.slot(), false, false, null);
            }
        }
        return new Status(current.state().value(), current.changedAt(), current.changedBy(), capture != null, engine,
                slot, publication, capture == null ? List.of() : schema.changes(capture));
    }

    public Status finalizeCutover(String operator) {
        return end(CutoverState.FINALIZED, operator);
    }

    public Status rollback(String operator) {
        return end(CutoverState.ROLLED_BACK, operator);
    }

    private synchronized Status end(CutoverState outcome, String operator) {
        CutoverState current = store.current().state();
        if (current.end(outcome) == current) {
            return status();
        }
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        engine().ifPresent(CaptureEngine::stop);
        if (capture != null) {
            replication.release(capture);
        }
        store.save(outcome, operator);
        return status();
    }

    private Optional<CaptureEngine> engine() {
        return engines.stream().filter(e -> e.name().equals("legacy-capture")).findFirst();
    }
}
