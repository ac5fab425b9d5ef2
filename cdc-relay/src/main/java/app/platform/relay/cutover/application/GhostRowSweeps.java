package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.reconciliation.application.GhostRows;
import app.platform.relay.reconciliation.application.ReconciliationProperties;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * After every completed initial snapshot of the legacy capture, its ghost rows are removed ({@link GhostRows}): a
 * capture stopped mid snapshot snapshots again from a later point, and a row the first snapshot emitted and that was
 * deleted before the second is never emitted as a delete. A sweep first waits until every importer's consumer group
 * has applied everything on the legacy topics (lag 0, looked at every 2 s; a lag that cannot be read is not 0), as a
 * ghost is a row a ledger holds, so the snapshot's reads must be imported before it shows; it gives up, with a
 * warning, after 30 minutes. Then it removes the ghost rows of every captured table a service imports. One sweep at a
 * time: a new one (another snapshot ended) supersedes the one running. The relay runs as one replica, so the last
 * sweep's outcome lives in its memory ({@link #last()}, in the cutover's status).
 */
@Service
public class GhostRowSweeps {

    private static final Logger log = LoggerFactory.getLogger(GhostRowSweeps.class);
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration GIVE_UP = Duration.ofMinutes(30);

    /**
     * A sweep's outcome so far.
     *
     * @param state     {@code waiting} (for the importers: {@code importLag}), {@code sweeping}, {@code done},
     *                  {@code failed} (some tables: {@code failures}) or {@code gave_up} (the importers did not catch
     *                  up in time)
     * @param importLag each importer group's lag when last looked at
     * @param removed   per table swept, the ghost rows removed
     * @param failures  per table that could not be swept, why
     */
    public record Sweep(String state, Instant startedAt, Instant endedAt, Map<String, Long> importLag,
                        Map<String, Integer> removed, Map<String, String> failures) {
    }

    private final GhostRows ghostRows;
    private final ImportLag importLag;
    private final ReconciliationProperties owners;
    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final Clock clock;
    private final Object lock = new Object();
    /** Each start begins a new generation; a sweep of an earlier one stops. Guarded by {@link #lock}. */
    private int generation;
    private boolean stopped;
    private Thread running;
    private Sweep last;

    public GhostRowSweeps(GhostRows ghostRows, ImportLag importLag, ReconciliationProperties owners,
                          ObjectProvider<LegacyCaptureProperties> legacy, Clock clock) {
        this.ghostRows = ghostRows;
        this.importLag = importLag;
        this.owners = owners;
        this.legacy = legacy;
        this.clock = clock;
    }

    /** Starts a sweep on a thread of its own, superseding the one running; returns at once. */
    public void start() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            int gen = ++generation;
            if (running != null) {
                running.interrupt();
            }
            running = Thread.ofPlatform().name("ghost-row-sweep").daemon(true).unstarted(() -> sweep(gen));
            running.start();
        }
    }

    /** The last sweep's outcome so far; null before the first. */
    public Sweep last() {
        synchronized (lock) {
            return last;
        }
    }

    private void sweep(int gen) {
        LegacyCaptureProperties capture = legacy.getIfAvailable();
        if (capture == null) {
            return;
        }
        Instant started = clock.instant();
        log.info("the legacy snapshot ended: its ghost rows will be removed once every importer has applied it");
        record(gen, new Sweep("waiting", started, null, Map.of(), Map.of(), Map.of()));
        try {
            Map<String, Long> lag = Map.of();
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            while (true) {
                if (!current(gen)) {
                    return;
                }
                lag = ImportGroups.lag(importLag, owners, capture);
                if (lag.values().stream().allMatch(l -> l == 0)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    log.warn("ghost rows were not removed: the importers did not catch up with the legacy topics within {} "
                            + "(lag {}); re-snapshot a table to remove its ghost rows", GIVE_UP, lag);
                    record(gen, new Sweep("gave_up", started, clock.instant(), lag, Map.of(), Map.of()));
                    return;
                }
                record(gen, new Sweep("waiting", started, null, lag, Map.of(), Map.of()));
                Thread.sleep(POLL.toMillis());
            }
            Map<String, Integer> removed = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            record(gen, new Sweep("sweeping", started, null, lag, Map.copyOf(removed), Map.of()));
            for (String table : ghostRows.owners(capture).keySet()) {
                if (!current(gen)) {
                    return;
                }
                try {
                    removed.put(table, ghostRows.remove(capture, table).count());
                } catch (LegacyDatabaseUnreadable e) {
                    failures.put(table, "the legacy table cannot be read: " + e.reason());
                } catch (RuntimeException e) {
                    failures.put(table, e.getMessage());
                }
                record(gen, new Sweep("sweeping", started, null, lag, new LinkedHashMap<>(removed),
                        new LinkedHashMap<>(failures)));
            }
            if (!failures.isEmpty()) {
                log.warn("ghost rows could not be removed from {} tables: {}", failures.size(), failures);
            }
            log.info("ghost rows removed: {} in all ({} tables swept)",
                    removed.values().stream().mapToInt(Integer::intValue).sum(), removed.size());
            record(gen, new Sweep(failures.isEmpty() ? "done" : "failed", started, clock.instant(), lag, removed, failures));
        } catch (InterruptedException e) {
            // superseded by a newer sweep, or the relay stops
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("the ghost-row sweep failed", e);
            record(gen, new Sweep("failed", started, clock.instant(), Map.of(), Map.of(),
                    Map.of("*", String.valueOf(e.getMessage()))));
        }
    }

    private boolean current(int gen) {
        synchronized (lock) {
            return !stopped && gen == generation;
        }
    }

    /** Records a sweep's outcome, unless a newer sweep superseded it. */
    private void record(int gen, Sweep sweep) {
        synchronized (lock) {
            if (gen == generation) {
                last = sweep;
            }
        }
    }

    @PreDestroy
    void stop() {
        synchronized (lock) {
            stopped = true;
            generation++;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
