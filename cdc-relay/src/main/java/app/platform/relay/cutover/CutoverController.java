package app.platform.relay.cutover;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The cutover's operations API (admins, through the gateway's {@code /api/cutover/**}). */
@RestController
class CutoverController {

    private final Cutover cutover;

    CutoverController(Cutover cutover) {
        this.cutover = cutover;
    }

    @GetMapping("/api/cutover/admin/status")
    Mono<Cutover.Status> status() {
        return Mono.fromCallable(cutover::status).subscribeOn(Schedulers.boundedElastic());
    }

    /** Ends the capture for good: the new services are the system of record. */
    @PostMapping("/api/cutover/admin/finalize")
    Mono<Cutover.Status> finalizeCutover(@AuthenticationPrincipal Jwt jwt) {
        return Mono.fromCallable(() -> cutover.finalizeCutover("user:" + jwt.getSubject())).subscribeOn(Schedulers.boundedElastic());
    }

    /** Abandons the cutover: the capture ends, the legacy database (never written to) stays the system of record. */
    @PostMapping("/api/cutover/admin/rollback")
    Mono<Cutover.Status> rollback(@AuthenticationPrincipal Jwt jwt) {
        return Mono.fromCallable(() -> cutover.rollback("user:" + jwt.getSubject())).subscribeOn(Schedulers.boundedElastic());
    }
}
