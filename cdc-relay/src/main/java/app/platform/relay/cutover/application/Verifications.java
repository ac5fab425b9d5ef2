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
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "verification"));
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Verifications(Reconciliation reconciliation, Cutover cutover, Clock clock) {
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
        } catch (RuntimeException e) {
            log.warn("verification {} failed", job.id(), e);
            put(new Job(job.id(), "failed", job.startedAt(), clock.instant(), 0, 0, job.fence(), false,
                    e.getMessage(), null));
        }
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
