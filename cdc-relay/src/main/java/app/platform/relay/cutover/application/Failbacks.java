package app.platform.relay.cutover.application;

import app.platform.errors.Conflict;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.outbox.OutboxRelayProperties;
import app.platform.relay.reconciliation.application.Reconciliation;
import app.platform.relay.reconciliation.domain.FailbackTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The failback, as one job (the relay runs as one replica; the jobs live in its memory, the last 20): the platform
 * read-only; a grace period for requests in flight and the gateway's next look at the mode; a fence, the platform
 * database's WAL position, which the outbox relay must pass (every event written before it is in Kafka); then every
 * reverse-stream consumer group at lag 0 (every event carried back, or recorded not carried); then the verification
 * in the other direction, every legacy table against what its owner holds of it ({@link Reconciliation#failbackReport});
 * then the stream stopped and the legacy app given its writes back, whatever the verification found (the platform stays
 * read-only otherwise: an outage; the differences are in the job, for a repair); and the report of what was carried
 * back and what could not be.
 */
@Service
public class Failbacks {

    private static final Logger log = LoggerFactory.getLogger(Failbacks.class);
    private static final int KEPT = 20;

    /**
     * @param state  {@code running}, {@code failed_back} or {@code failed}
     * @param step   what it does now, or did last
     * @param fence  the platform database's WAL position the outbox relay had to pass
     * @param lag    the reverse-stream groups' lag when last looked at
     * @param verified     whether every carried table matched (null until verified)
     * @param verification each legacy table against what its owner holds of it, once drained
     * @param report       what the services' legacy writers carried back, and what not, with why (once failed back)
     * @param note         why it failed, or why it could not be verified
     */
    public record Job(String id, String state, String step, Instant startedAt, Instant endedAt, Instant readOnlySince,
                      String fence, Map<String, Long> lag, Boolean verified, List<FailbackTable> verification,
                      List<LegacyReverseStream.Carried> report, String note) {

        public boolean done() {
            return !state.equals("running");
        }

        Job at(String nextStep, String nextFence, Map<String, Long> nextLag) {
            return new Job(id, state, nextStep, startedAt, null, readOnlySince, nextFence, nextLag, verified,
                    verification, null, note);
        }

        Job verifiedBy(List<FailbackTable> tables) {
            return new Job(id, state, step, startedAt, null, readOnlySince, fence, lag,
                    tables.stream().allMatch(FailbackTable::matches), tables, null, null);
        }
    }

    private final Cutover cutover;
    private final OutboxPosition outbox;
    private final ImportLag lag;
    private final CutoverSettings settings;
    private final Reconciliation reconciliation;
    private final OutboxRelayProperties outboxRelay;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "failback"));
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Failbacks(Cutover cutover, OutboxPosition outbox, ImportLag lag, CutoverSettings settings,
                     Reconciliation reconciliation, OutboxRelayProperties outboxRelay, Clock clock) {
        this.cutover = cutover;
        this.outbox = outbox;
        this.lag = lag;
        this.settings = settings;
        this.reconciliation = reconciliation;
        this.outboxRelay = outboxRelay;
        this.clock = clock;
    }

    /**
     * Makes the platform read-only, then runs the rest of the failback.
     *
     * @throws Conflict unless the cutover is finalized (or failed back), or while another failback runs
     */
    public synchronized Job start(String operator) {
        jobs.values().stream().filter(j -> !j.done()).findFirst().ifPresent(running -> {
            throw new Conflict("a failback is running: " + running.id());
        });
        Instant readOnly = cutover.readOnly(operator);
        Job job = new Job(UUID.randomUUID().toString(), "running", "read-only", clock.instant(), null, readOnly, null,
                Map.of(), null, null, null, null);
        put(job);
        runner.submit(() -> run(job, operator));
        return job;
    }

    public synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job, String operator) {
        Job at = job;
        try {
            CutoverSettings.Failback failback = settings.failback();
            Thread.sleep(failback.settle().toMillis()); // requests in flight end; the gateway looks at the mode again
            Lsn fence = outbox.now();
            at = put(at.at("outbox relayed past the fence", fence.toString(), Map.of()));
            if (outboxRelay.enabled()) { // else another relay forwards the outboxes, and the groups' lag says enough
                await(failback.timeout(), () -> {
                    Lsn relayed = outbox.relayed(outboxRelay.slot());
                    return relayed != null && relayed.reached(fence);
                }, "the outbox relay did not pass the fence " + fence);
            }
            Job draining = put(at.at("reverse stream drained", fence.toString(), Map.of()));
            at = draining;
            await(failback.timeout(), () -> {
                Map<String, Long> behind = lag.lag(failback.groups(), null);
                put(draining.at(draining.step(), draining.fence(), behind));
                return !behind.isEmpty() && behind.values().stream().allMatch(l -> l == 0);
            }, "the reverse stream's groups did not reach lag 0");
            at = jobs.get(job.id());
            at = put(at.at("legacy tables verified against the platform", at.fence(), at.lag()));
            at = put(verified(at, failback));
            put(at.at("legacy app writable again", at.fence(), at.lag()));
            cutover.failedBack(operator);
            Job done = jobs.get(job.id());
            put(new Job(job.id(), "failed_back", "done", job.startedAt(), clock.instant(), job.readOnlySince(),
                    done.fence(), done.lag(), done.verified(), done.verification(), cutover.carriedBack(), done.note()));
            log.info("failback {} done: the legacy database is the system of record again", job.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("failback {} failed at: {}", job.id(), at.step(), e);
            Job last = jobs.get(job.id());
            put(new Job(job.id(), "failed", last.step(), job.startedAt(), clock.instant(), job.readOnlySince(),
                    last.fence(), last.lag(), last.verified(), last.verification(), null, e.getMessage()));
        }
    }

    /**
     * The job with the verification's tables; one that could not run (no capture configured, an owner's token refused)
     * is recorded unverified with why, and the failback goes on: the platform must not stay read-only for it.
     */
    private Job verified(Job at, CutoverSettings.Failback failback) {
        try {
            return at.verifiedBy(reconciliation.failbackReport(service -> failback.groups().containsKey(service + "-failback")));
        } catch (RuntimeException e) {
            log.warn("failback {}: the verification could not run", at.id(), e);
            return new Job(at.id(), at.state(), at.step(), at.startedAt(), null, at.readOnlySince(), at.fence(), at.lag(),
                    false, List.of(), null, "the verification could not run: " + e.getMessage());
        }
    }

    private void await(Duration atMost, BooleanSupplier done, String otherwise) throws InterruptedException {
        Instant until = clock.instant().plus(atMost);
        while (!done.getAsBoolean()) {
            if (clock.instant().isAfter(until)) {
                throw new Conflict(otherwise + " within " + atMost + "; the platform stays read-only: start the "
                        + "failback again once it does");
            }
            Thread.sleep(1_000);
        }
    }

    private synchronized Job put(Job job) {
        jobs.remove(job.id());
        jobs.put(job.id(), job);
        while (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        return job;
    }
}
