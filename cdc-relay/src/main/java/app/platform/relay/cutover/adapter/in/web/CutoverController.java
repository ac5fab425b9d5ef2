package app.platform.relay.cutover.adapter.in.web;

import app.platform.errors.NotFound;
import app.platform.relay.cutover.application.Cutover;
import app.platform.relay.cutover.application.Failbacks;
import app.platform.relay.cutover.application.CutoverPreflight;
import app.platform.relay.cutover.application.Verifications;
import app.platform.relay.cutover.domain.Preflight;
import app.platform.relay.reconciliation.application.Reconciliation;
import app.platform.relay.reconciliation.domain.Report;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The cutover's operations API (admins, through the gateway's {@code /api/cutover/**}): the runbook preflight →
 * freeze → drain → verify → finalize, with unfreeze, rollback and the re-snapshot of a table; a step out of order is
 * refused with 409 problem+json.
 */
@RestController
class CutoverController {

    private final Cutover cutover;
    private final Reconciliation reconciliation;
    private final Verifications verifications;
    private final CutoverPreflight preflight;
    private final Failbacks failbacks;

    CutoverController(Cutover cutover, Reconciliation reconciliation, Verifications verifications,
                      CutoverPreflight preflight, Failbacks failbacks) {
        this.failbacks = failbacks;
        this.cutover = cutover;
        this.reconciliation = reconciliation;
        this.verifications = verifications;
        this.preflight = preflight;
    }

    /**
     * Checks the configured legacy database, in any phase and whether the capture runs or not: always 200, each
     * check a line (passed, found, fix); {@code passed} unless an error-level check failed.
     */
    @GetMapping("/api/cutover/admin/preflight")
    Mono<Preflight> preflight() {
        return blocking(preflight::run);
    }

    /** The phase, the fence, the engine, the slot (lag, retained WAL, wal_status), the drain's progress. */
    @GetMapping("/api/cutover/admin/status")
    Mono<Cutover.Status> status() {
        return blocking(cutover::status);
    }

    /** Per legacy table: legacy and imported counts, missing, extra and changed ids, checksums, problems, lag. */
    @GetMapping({"/api/cutover/report", "/api/cutover/admin/report"})
    Mono<Report> report() {
        return blocking(reconciliation::report);
    }

    /** Makes the legacy app's roles read-only, ends their sessions, takes the fence. */
    @PostMapping("/api/cutover/admin/freeze")
    Mono<Cutover.Status> freeze(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> cutover.freeze(operator(jwt)));
    }

    /** Makes the legacy app's roles writable again: back to capturing. */
    @PostMapping("/api/cutover/admin/unfreeze")
    Mono<Cutover.Status> unfreeze(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> cutover.unfreeze(operator(jwt)));
    }

    /** 200 once the slot and every importer are past the fence; 409 problem+json with the progress until then. */
    @PostMapping("/api/cutover/admin/drain")
    Mono<ResponseEntity<?>> drain(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> {
            Cutover.DrainView drain = cutover.drain(operator(jwt));
            if (drain.drained()) {
                return ResponseEntity.ok(drain);
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "the capture or an importer is not past the fence yet");
            problem.setTitle("Not drained");
            problem.setProperty("drain", drain);
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        });
    }

    /** Starts a verification: 202 with the job, which {@code GET /api/cutover/admin/verify/{id}} follows. */
    @PostMapping("/api/cutover/admin/verify")
    Mono<ResponseEntity<Verifications.Job>> verify(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> {
            Verifications.Job job = verifications.start(operator(jwt));
            return ResponseEntity.accepted().location(URI.create("/api/cutover/admin/verify/" + job.id())).body(job);
        });
    }

    /** A verification's progress; its report and verdict once done. */
    @GetMapping("/api/cutover/admin/verify/{id}")
    Mono<Verifications.Job> verification(@PathVariable String id) {
        return blocking(() -> verifications.get(id).orElseThrow(() -> new NotFound("no verification " + id)));
    }

    /**
     * Ends the capture for good, the new services the system of record: refused (409) unless freeze, drain and verify
     * passed at the same fence. The slot is kept for the soak; {@code dropSlot=true} drops it now.
     */
    @PostMapping("/api/cutover/admin/finalize")
    Mono<Cutover.Status> finalizeCutover(@AuthenticationPrincipal Jwt jwt,
                                         @RequestParam(defaultValue = "false") boolean dropSlot) {
        return blocking(() -> cutover.finalizeCutover(operator(jwt), dropSlot));
    }

    /**
     * Re-snapshots one captured table ({@code ?table=public.users}): its ghost rows deleted, then Debezium's
     * incremental snapshot of it signalled; a drained or verified cutover goes back to frozen. 400/404 problem+json for
     * a table that is not captured; 409 when the cutover ended, the capture is not running or has no signal table.
     */
    @PostMapping("/api/cutover/admin/resnapshot")
    Mono<Cutover.Resnapshot> resnapshot(@AuthenticationPrincipal Jwt jwt, @RequestParam String table) {
        return blocking(() -> cutover.resnapshot(table, operator(jwt)));
    }

    /** Abandons the cutover: the capture ends, the legacy database stays the system of record, writable again. */
    @PostMapping("/api/cutover/admin/rollback")
    Mono<Cutover.Status> rollback(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> cutover.rollback(operator(jwt)));
    }

    /**
     * Fails a finalized cutover back: the platform read-only at once (409 unless finalized), then, as a job (202,
     * which {@code GET /api/cutover/admin/failback/{id}} follows), the reverse stream drained past a fence, stopped,
     * and the legacy app writable again; its report says what was carried back and what could not be.
     */
    @PostMapping("/api/cutover/admin/failback")
    Mono<ResponseEntity<Failbacks.Job>> failback(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> {
            Failbacks.Job job = failbacks.start(operator(jwt));
            return ResponseEntity.accepted().location(URI.create("/api/cutover/admin/failback/" + job.id())).body(job);
        });
    }

    /** A failback's progress; its report once done. */
    @GetMapping("/api/cutover/admin/failback/{id}")
    Mono<Failbacks.Job> failbackJob(@PathVariable String id) {
        return blocking(() -> failbacks.get(id).orElseThrow(() -> new NotFound("no failback " + id)));
    }

    /** Whether the platform is read-only (a failback), as the gateway follows it: public, it says nothing more. */
    record Mode(boolean readOnly, Instant since, String reason) {
    }

    @GetMapping("/api/cutover/mode")
    Mono<Mode> mode() {
        return blocking(() -> {
            Instant since = cutover.readOnlySince();
            return new Mode(since != null, since, since == null ? null : "failback");
        });
    }

    private static String operator(Jwt jwt) {
        return "user:" + jwt.getSubject();
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
