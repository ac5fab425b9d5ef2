package app.platform.relay.cutover.application;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.relay.cutover.application.LegacyReplication.Publication;
import app.platform.relay.cutover.application.LegacyReplication.Slot;
import app.platform.relay.cutover.domain.CutoverState;
import app.platform.relay.cutover.domain.Drain;
import app.platform.relay.cutover.domain.FrozenWriters;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.application.LegacySchema;
import app.platform.relay.legacy.application.LegacySignalTable;
import app.platform.relay.legacy.domain.SchemaChange;
import app.platform.relay.reconciliation.application.GhostRows;
import app.platform.relay.reconciliation.application.ReconciliationProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The cutover's runbook: {@code freeze} (the legacy app's roles read-only, a fence taken), {@code drain} (the slot
 * and every importer past the fence), {@code verify} (recorded by the verification job when its report matches at
 * that fence), {@code finalize} (only then: the capture stops, the slot is kept for the soak, then dropped), or
 * {@code unfreeze} (back to capturing) and {@code rollback} (the legacy database stays the system of record: the
 * capture ends, the slot and publication are dropped, the legacy roles writable again). A captured table can be
 * re-snapshotted while capturing ({@code resnapshot}: its ghost rows removed, then Debezium's incremental snapshot
 * signalled); a drained or verified cutover then goes back to frozen. Its status shows the phase, the fence, the lag,
 * the WAL the slot retains and the last ghost-row sweep.
 */
@Service
public class Cutover {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Cutover.class);

    public record Engine(boolean running, long forwarded, Instant lastSourceTime, String failure) {
    }

    /** How far the cutover got past its fence: the slot's confirmed position and each importer's lag. */
    public record DrainView(String fence, String confirmed, boolean captured, Map<String, Long> importLag, boolean drained) {

        static DrainView of(Drain drain) {
            return new DrainView(drain.fence().toString(), drain.confirmed() == null ? null : drain.confirmed().toString(),
                    drain.captured(), drain.lag(), drain.drained());
        }
    }

    /**
     * A service's reverse-stream group once finalized: its consumers now (0: the service carries nothing back, its
     * {@code FAILBACK_ENABLED} off or the service down; -1: unreadable) and the events it has not carried yet (-1:
     * unreadable).
     */
    public record ReverseStream(int consumers, long lag) {
    }

    /**
     * @param ghostRowSweep  the last sweep of ghost rows after a snapshot (null before the first): when, its state, per
     *                       table the rows removed, or why it failed
     * @param reverseStreams once finalized with the failback's reverse stream, each service's group by name (null
     *                       otherwise)
     */
    public record Status(String state, String fence, FrozenWriters frozen, Instant changedAt, String changedBy, Instant soakEndsAt,
                         Instant readOnlySince, boolean captureConfigured, Engine engine, Slot slot, Publication publication, DrainView drain,
                         List<SchemaChange> schemaChanges, GhostRowSweeps.Sweep ghostRowSweep,
                         Map<String, ReverseStream> reverseStreams) {
    }

    /**
     * A re-snapshot signalled.
     *
     * @param ghostRowsRemoved the table's ghost rows deleted first
     * @param snapshotLsn      the legacy snapshot's position the ghost rows were found missing at (their deletes' position)
     * @param signalId         the id of the signal row, in the capture's signal table
     * @param state            the cutover's state after it ({@code frozen} again when it was drained or verified)
     */
    public record Resnapshot(String table, int ghostRowsRemoved, String snapshotLsn, String signalId, String state) {
    }

    private final CutoverStore store;
    private final LegacyReplication replication;
    private final LegacyWriters writers;
    private final LegacyReverseStream reverseStream;
    private final ImportLag importLag;
    private final LegacySchema schema;
    private final CutoverSettings settings;
    private final ReconciliationProperties owners;
    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final ObjectProvider<CaptureEngine> engines;
    private final GhostRows ghostRows;
    private final GhostRowSweeps sweeps;
    private final LegacySignalTable signalTable;
    private final LegacySignals signals;
    private final Clock clock;
    /** Whether this relay dropped the slot and publication already (the soak's timer stops trying). */
    private volatile boolean released;

    public Cutover(CutoverStore store, LegacyReplication replication, LegacyWriters writers,
                   LegacyReverseStream reverseStream, ImportLag importLag,
                   LegacySchema schema, CutoverSettings settings, ReconciliationProperties owners,
                   ObjectProvider<LegacyCaptureProperties> legacy, ObjectProvider<CaptureEngine> engines,
                   GhostRows ghostRows, GhostRowSweeps sweeps, LegacySignalTable signalTable, LegacySignals signals,
                   Clock clock) {
        this.store = store;
        this.replication = replication;
        this.writers = writers;
        this.reverseStream = reverseStream;
        this.importLag = importLag;
        this.schema = schema;
        this.settings = settings;
        this.owners = owners;
        this.legacy = legacy;
        this.engines = engines;
        this.ghostRows = ghostRows;
        this.sweeps = sweeps;
        this.signalTable = signalTable;
        this.signals = signals;
        this.clock = clock;
    }

    /** Whether the legacy database is still to be captured. */
    public boolean capturing() {
        return store.current().state().capturing();
    }

    /** The fence the cutover holds now; null before freeze. */
    public Lsn fence() {
        return store.current().fence();
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
                slot = Slot.absent(capture.slot());
            }
        }
        DrainView drain = capture != null && current.state().frozen() ? DrainView.of(drain(capture, current.fence(), slot)) : null;
        Instant soakEnds = current.state() == CutoverState.FINALIZED ? current.changedAt().plus(settings.soak()) : null;
        return new Status(current.state().value(), current.fence() == null ? null : current.fence().toString(),
                current.frozen(), current.changedAt(), current.changedBy(), soakEnds, store.readOnlySince(),
                capture != null, engine, slot, publication, drain,
                capture == null ? List.of() : schema.changes(capture), sweeps.last(),
                current.state() == CutoverState.FINALIZED && settings.reverseStream() ? reverseStreams() : null);
    }

    /** How long the reverse streams as read from Kafka are shown again (the console polls the status every 5 s). */
    private static final Duration REVERSE_STREAMS_FRESH = Duration.ofSeconds(15);
    /** The reverse streams last read, and when; guarded by itself, so one read at a time. */
    private final Object reverseStreamsLock = new Object();
    private Map.Entry<Instant, Map<String, ReverseStream>> reverseStreamsRead;

    /**
     * Each service's reverse-stream group: its consumers and lag, read from Kafka at most every
     * {@link #REVERSE_STREAMS_FRESH}; a group that cannot be read shows -1 (the status never fails for it).
     */
    private Map<String, ReverseStream> reverseStreams() {
        synchronized (reverseStreamsLock) {
            if (reverseStreamsRead != null && reverseStreamsRead.getKey().plus(REVERSE_STREAMS_FRESH).isAfter(clock.instant())) {
                return reverseStreamsRead.getValue();
            }
            Map<String, List<String>> groups = settings.failback().groups();
            Map<String, Integer> consumers;
            Map<String, Long> lag;
            try {
                consumers = importLag.consumers(groups.keySet());
                lag = importLag.lag(groups, null);
            } catch (RuntimeException e) {
                log.warn("the reverse streams' groups could not be read: {}", e.toString());
                consumers = Map.of();
                lag = Map.of();
            }
            Map<String, ReverseStream> streams = new java.util.TreeMap<>();
            for (String group : groups.keySet()) {
                streams.put(group, new ReverseStream(consumers.getOrDefault(group, -1), lag.getOrDefault(group, -1L)));
            }
            reverseStreamsRead = Map.entry(clock.instant(), streams);
            return streams;
        }
    }

    /**
     * Makes the legacy app's roles read-only, revokes the API roles' writes, ends their sessions and takes the fence;
     * again: nothing changes. Refused when none of the configured roles exists (nothing would be frozen).
     */
    public synchronized Status freeze(String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().freeze();
        if (next != current.state()) {
            LegacyWriters.Frozen frozen = writers.freeze(capture(), settings.appRoles(), settings.apiRoles());
            if (frozen.writers().roles().isEmpty() && frozen.writers().revoked().isEmpty()) {
                throw new Conflict("none of the legacy app's roles (LEGACY_APP_ROLES " + settings.appRoles()
                        + ", LEGACY_API_ROLES " + settings.apiRoles() + ") exists in the legacy database: nothing was frozen");
            }
            store.save(next, frozen.fence(), frozen.writers(), operator);
        }
        return status();
    }

    /** Gives the legacy app back what freeze took and the fence up: back to capturing. */
    public synchronized Status unfreeze(String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().unfreeze();
        writers.unfreeze(capture(), current.frozen());
        store.save(next, null, FrozenWriters.NONE, operator);
        return status();
    }

    /** Whether the capture (the slot's confirmed position) and every importer (lag 0) are past {@code lsn}. */
    public boolean caughtUp(Lsn lsn) {
        return drain(capture(), lsn, null).drained();
    }

    /** Records the cutover drained when the slot and every importer are past the fence; the progress either way. */
    public synchronized DrainView drain(String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().drained();
        Drain drain = drain(capture(), current.fence(), null);
        if (drain.drained() && next != current.state()) {
            store.save(next, current.fence(), current.frozen(), operator);
        }
        return DrainView.of(drain);
    }

    /**
     * Records verification passed, for the fence it was run at.
     *
     * @throws Conflict when the cutover is not drained, or was unfrozen and frozen again (another fence) meanwhile
     */
    public synchronized void verified(Lsn fence, String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().verified();
        if (fence == null || !fence.equals(current.fence())) {
            throw new Conflict("the fence moved while verifying: drain and verify again");
        }
        store.save(next, fence, current.frozen(), operator);
    }

    /**
     * Captures a table again while the legacy database is captured: first its ghost rows are removed (rows its owner's
     * ledger holds that the table does not, each deleted at the legacy snapshot's position, {@link GhostRows}), then
     * Debezium's incremental snapshot of it is signalled (chunked, watermarked against the streamed changes, resumed
     * after a restart of the relay). Its reads and deletes are new changes: a drained or verified cutover goes back to
     * frozen (the same fence), so that drain and verify must pass again.
     *
     * @throws InvalidInput when {@code table} is not {@code schema.table}
     * @throws NotFound     when it is not a captured table
     * @throws Conflict     when the cutover ended, the capture is not running, it runs without a signal table, no
     *                      service imports the table, or its ghost rows could not be removed (nothing is signalled then)
     */
    public synchronized Resnapshot resnapshot(String table, String operator) {
        LegacyCaptureProperties capture = capture();
        if (table == null || !table.matches("[^.\\s]+\\.[^.\\s]+")) {
            throw new InvalidInput("table", "a captured table as schema.table, e.g. public.users");
        }
        if (!capture.tables().contains(table)) {
            throw new NotFound("captured table " + table);
        }
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().resnapshot();
        if (engine().filter(e -> e.isRunning() && e.failure() == null).isEmpty()) {
            throw new Conflict("the legacy capture is not running (see the status's engine): a re-snapshot is signalled "
                    + "to the running capture");
        }
        String unavailable = signalTable.unavailable();
        if (unavailable != null) {
            throw new Conflict("re-snapshots need the capture's signal table: " + unavailable);
        }
        if (!ghostRows.owners(capture).containsKey(table)) {
            throw new Conflict("no service imports " + table + " (relay.reconciliation.owners): nothing to re-snapshot into");
        }
        if (next != current.state()) {
            store.save(next, current.fence(), current.frozen(), operator);
        }
        GhostRows.Removed removed;
        try {
            removed = ghostRows.remove(capture, table);
        } catch (RuntimeException e) {
            throw new Conflict("the ghost rows of " + table + " could not be removed (" + e.getMessage()
                    + "); nothing was signalled: try again");
        }
        String id = UUID.randomUUID().toString();
        try {
            signals.executeSnapshot(capture, id, table);
        } catch (RuntimeException e) {
            throw new Conflict("the re-snapshot of " + table + " could not be signalled in " + capture.signalTable() + " ("
                    + e.getMessage() + "); its " + removed.count() + " ghost rows were removed");
        }
        log.info("re-snapshot of {} signalled ({}) by {}: {} ghost rows removed first", table, id, operator,
                removed.count());
        return new Resnapshot(table, removed.count(), removed.snapshotLsn(), id, store.current().state().value());
    }

    /**
     * Ends the capture for good, the new services the system of record: only once verified at the fence. The
     * failback's reverse stream starts first ({@code relay.cutover.reverse-stream}): a legacy database that refuses
     * it refuses the finalize, which changes nothing then. The slot and publication are kept for the soak
     * ({@code relay.cutover.soak}), or dropped now with {@code dropSlot}.
     */
    public synchronized Status finalizeCutover(String operator, boolean dropSlot) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().end(CutoverState.FINALIZED);
        if (next != current.state()) {
            if (settings.reverseStream()) {
                reverseStream.start(capture());
            }
            engine().ifPresent(CaptureEngine::stop);
            store.save(next, current.fence(), current.frozen(), operator);
        }
        if (dropSlot) {
            release();
        }
        return status();
    }

    /** Since when the platform is read-only (a failback), as the gateway follows it; null while it is writable. */
    public Instant readOnlySince() {
        return store.readOnlySince();
    }

    /**
     * The first step of a failback: the platform read-only (the gateway refuses writes; sign-ins and reads go on),
     * only once finalized; again: nothing changes.
     */
    public synchronized Instant readOnly(String operator) {
        store.current().state().failBack();
        Instant since = store.readOnlySince();
        if (since == null) {
            since = clock.instant();
            store.readOnly(since);
            log.info("the platform is read-only from now on (a failback), by {}", operator);
        }
        return since;
    }

    /**
     * The last step of a failback, once the reverse stream drained: the stream stopped, the legacy app given back
     * what freeze took, the slot and publication dropped (as a rollback does: a new attempt starts afresh); the legacy
     * database is the system of record again, and the platform stays read-only.
     */
    public synchronized Status failedBack(String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().failBack();
        if (next != current.state()) {
            reverseStream.stop(capture());
            writers.unfreeze(capture(), current.frozen());
            store.save(next, current.fence(), FrozenWriters.NONE, operator);
            release();
        }
        return status();
    }

    /** What the services' legacy writers carried back, and what not, with why. */
    public List<LegacyReverseStream.Carried> carriedBack() {
        return reverseStream.report(capture());
    }

    /**
     * Drops the slot and publication of a cutover finalized longer than the soak ago, or rolled back (when its rollback
     * could not drop them); once they are gone, nothing more.
     */
    public synchronized void endSoak() {
        CutoverStore.Recorded current = store.current();
        boolean due = current.state() == CutoverState.ROLLED_BACK || current.state() == CutoverState.FAILED_BACK
                || current.state() == CutoverState.FINALIZED && !clock.instant().isBefore(current.changedAt().plus(settings.soak()));
        if (due && !released) {
            release();
        }
    }

    /**
     * Abandons the cutover, the legacy database the system of record again: first the legacy app gets back what freeze
     * took (so that a failure after never leaves it frozen), then the state is recorded and the capture stops, then
     * the slot and publication are dropped (tried again every minute should the legacy database refuse now).
     */
    public synchronized Status rollback(String operator) {
        CutoverStore.Recorded current = store.current();
        CutoverState next = current.state().end(CutoverState.ROLLED_BACK);
        if (next != current.state()) {
            LegacyCaptureProperties capture = legacy.getIfAvailable();
            if (capture != null && current.state().frozen()) {
                writers.unfreeze(capture, current.frozen());
            }
            store.save(next, current.fence(), FrozenWriters.NONE, operator);
            engine().ifPresent(CaptureEngine::stop);
            try {
                release();
            } catch (RuntimeException e) {
                log.warn("the rolled back cutover's slot could not be dropped yet: {}", e.getMessage());
            }
        }
        return status();
    }

    private void release() {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture != null) {
            replication.release(capture);
        }
        released = true;
    }

    private Drain drain(LegacyCaptureProperties capture, Lsn fence, Slot known) {
        Slot slot = known;
        if (slot == null) {
            try {
                slot = replication.read(capture).slot();
            } catch (LegacyDatabaseUnreadable e) {
                slot = Slot.absent(capture.slot());
            }
        }
        Map<String, Long> lag = ImportGroups.lag(importLag, owners, capture);
        return new Drain(fence, slot.confirmedLsn() == null ? null : Lsn.parse(slot.confirmedLsn()), lag);
    }

    private LegacyCaptureProperties capture() {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            throw new Conflict("no legacy capture is configured (RELAY_LEGACY_ENABLED)");
        }
        return capture;
    }

    private Optional<CaptureEngine> engine() {
        return engines.stream().filter(e -> e.name().equals("legacy-capture")).findFirst();
    }
}
