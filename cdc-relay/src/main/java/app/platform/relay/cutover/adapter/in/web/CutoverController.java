package app.platform.relay.cutover.adapter.in.web;

import app.platform.relay.cutover.application.Cutover;
import app.platform.relay.reconciliation.application.Reconciliation;
import app.platform.relay.reconciliation.domain.Report;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The cutover's operations API (admins, through the gateway's {@code /api/cutover/**}). */
@RestController
class CutoverController {

    private final Cutover cutover;
    private final Reconciliation reconciliation;

    CutoverController(Cutover cutover, Reconciliation reconciliation) {
        this.cutover = cutover;
        this.reconciliation = reconciliation;
    }

    @GetMapping("/api/cutover/admin/status")
    Mono<Cutover.Status> status() {
        return blocking(cutover::status);
    }

    /** Per legacy table: legacy and imported counts, missing, extra and changed ids, checksums, problems, lag. */
    @GetMapping({"/api/cutover/report", "/api/cutover/admin/report"})
    Mono<Report> report() {
        return blocking(reconciliation::report);
    }

    /** 200 with the report when every table matches; 409 problem+json with the report otherwise. */
    @PostMapping("/api/cutover/admin/verify")
    Mono<ResponseEntity<?>> verify() {
        return blocking(() -> {
            Report report = reconciliation.report();
            return report.matches() ? ResponseEntity.ok(report) : notVerified(report);
        });
    }

    /**
     * Ends the capture for good: the new services are the system of record. Refused (409, with the report) unless
     * every table matches, or {@code force=true}.
     */
    @PostMapping("/api/cutover/admin/finalize")
    Mono<ResponseEntity<?>> finalizeCutover(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "false") boolean force) {
        return blocking(() -> {
            if (!force && cutover.capturing()) {
                Report report = reconciliation.report();
                if (!report.matches()) {
                    return notVerified(report);
                }
            }
            return ResponseEntity.ok(cutover.finalizeCutover("user:" + jwt.getSubject()));
        });
    }

    /** Abandons the cutover: the capture ends, the legacy database (never written to) stays the system of record. */
    @PostMapping("/api/cutover/admin/rollback")
    Mono<Cutover.Status> rollback(@AuthenticationPrincipal Jwt jwt) {
        return blocking(() -> cutover.rollback("user:" + jwt.getSubject()));
    }

    private static ResponseEntity<?> notVerified(Report report) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the imported data does not match the legacy database yet");
        problem.setTitle("Not verified");
        problem.setProperty("report", report);
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
