package app.platform.relay.cutover.application;

import app.platform.errors.Conflict;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.reconciliation.application.Reconciliation;
import app.platform.relay.reconciliation.domain.Report;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Verification as a job, not as one long call behind the gateway: started, it runs the reconciliation in the
 * background (one at a time) and tells its progress; when the report matches at the fence the cutover was drained
 * at, the cutover is recorded verified. The relay runs as one replica, so the jobs live in its memory (the last 20).
 */
@Service
public class Verifications {

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);
    private static final int KEPT = 20;

    /**
     * @param state    {@code running}, {@code matched}, {@code differs} or {@code failed}
     * @param fence    the fence it ran at (null before freeze: the report counts, nothing is recorded)
     * @param recorded whether the cutover was recorded verified by it
     * @param note     why it was not recorded, or why it failed
     */
    public record Job(String id, String state, Instant startedAt, Instant endedAt, int tablesDone, int tablesTotal,
                      String fence, boolean recorded, String note, Report report) {

        public boolean done() {
            return !state.equals("running");
        }
    }

    private final Reconciliation reconciliation;
    private final Cutover cutover;
    private final CutoverSettings settings;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "verification"));
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Verifications(Reconciliation reconciliation, Cutover cutover, CutoverSettings settings, Clock clock) {
        this.settings = settings;
        this.reconciliation = reconciliation;
        this.cutover = cutover;
        this.clock = clock;
    }

    /**
     * Starts a verification at the cutover's current fence.
     *
     * @throws Conflict while another one runs (its id named)
     */
    public synchronized Job start(String operator) {
        jobs.values().stream().filter(j -> !j.done()).findFirst().ifPresent(running -> {
            throw new Conflict("a verification is running: " + running.id());
        });
        Lsn fence = cutover.fence();
        Job job = new Job(UUID.randomUUID().toString(), "running", clock.instant(), null, 0, 0,
                fence == null ? null : fence.toString(), false, null, null);
        put(job);
        runner.submit(() -> run(job, fence, operator));
        return job;
    }

    public synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job, Lsn fence, String operator) {
        try {
            Report report = reconciliation.report((done, total) -> put(new Job(job.id(), "running", job.startedAt(), null,
                    done, total, job.fence(), false, null, null)));
            if (!report.matches()) {
                report = recheck(report);
            }
            boolean recorded = false;
            String note = null;
            if (report.matches() && fence != null) {
                try {
                    cutover.verified(fence, operator);
                    recorded = true;
                } catch (Conflict e) {
                    note = e.getMessage();
                }
            } else if (report.matches()) {
                note = "not recorded: verification counts at a fence (freeze and drain first)";
            }
            put(new Job(job.id(), report.matches() ? "matched" : "differs", job.startedAt(), clock.instant(),
                    report.tables().size(), report.tables().size(), job.fence(), recorded, note, report));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("verification {} failed", job.id(), e);
            put(new Job(job.id(), "failed", job.startedAt(), clock.instant(), 0, 0, job.fence(), false,
                    e.getMessage(), null));
        }
    }

    /**
     * The tables that differed compared once more, once the capture and every importer passed the report's snapshot
     * (waiting at most {@code relay.cutover.recheck}): a row that changed after the snapshot and was still on its way differs in
     * the first report only, and is not a difference ({@link Report#recheckedBy}). At a fence nothing is on its way,
     * and the second look finds what the first did.
     */
    private Report recheck(Report report) throws InterruptedException {
        Lsn snapshot = Lsn.parse(report.snapshotLsn());
        long deadline = System.nanoTime() + settings.recheck().toNanos();
        while (!cutover.caughtUp(snapshot)) {
            if (System.nanoTime() > deadline) {
                return report; // the importers are behind: what differs is reported as it is
            }
            Thread.sleep(500); // polling the slot and the importers' lag, as drain does
        }
        java.util.Set<String> differing = report.differing();
        return report.recheckedBy(reconciliation.report(differing::contains, (done, total) -> { }));
    }

    private synchronized void put(Job job) {
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT) {
            jobs.values().stream().filter(Job::done).findFirst().ifPresent(oldest -> jobs.remove(oldest.id()));
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
