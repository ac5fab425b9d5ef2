package app.platform.audit.query.adapter.in.web;

import app.platform.audit.query.application.AuditQueries;
import app.platform.audit.query.application.VerifyChains;
import app.platform.audit.retention.application.Retention;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Operators search the log (by user, aggregate, type, time range, correlation id; keyset pages by id) as JSON or
 * CSV, and verify the chains; a user reads their own history.
 */
@RestController
class AuditController {

    private static final int MAX_PAGE = 500;
    private static final String HEADER =
            "id,event_id,event_type,aggregate_type,aggregate_id,actor,correlation_id,occurred_at,recorded_at,data\n";
    private final AuditQueries queries;
    private final VerifyChains verify;

    private final Retention retention;

    AuditController(AuditQueries queries, VerifyChains verify, Retention retention) {
        this.retention = retention;
        this.queries = queries;
        this.verify = verify;
    }

    @GetMapping(value = "/api/audit/admin/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<AuditQueries.Row> search(@RequestParam(required = false) UUID user,
                                  @RequestParam(required = false) String aggregateType,
                                  @RequestParam(required = false) String aggregateId,
                                  @RequestParam(required = false) String type,
                                  @RequestParam(required = false) Instant from,
                                  @RequestParam(required = false) Instant to,
                                  @RequestParam(required = false) String correlationId,
                                  @RequestParam(defaultValue = "0") long after,
                                  @RequestParam(defaultValue = "100") int limit) {
        return queries.search(new AuditQueries.Filter(user, aggregateType, aggregateId, type, from, to, correlationId,
                after, Math.clamp(limit, 1, MAX_PAGE)));
    }

    @GetMapping(value = "/api/audit/admin/logs", produces = "text/csv")
    Mono<ResponseEntity<String>> csv(@RequestParam(required = false) UUID user,
                                     @RequestParam(required = false) String aggregateType,
                                     @RequestParam(required = false) String aggregateId,
                                     @RequestParam(required = false) String type,
                                     @RequestParam(required = false) Instant from,
                                     @RequestParam(required = false) Instant to,
                                     @RequestParam(required = false) String correlationId,
                                     @RequestParam(defaultValue = "0") long after,
                                     @RequestParam(defaultValue = "100") int limit) {
        return search(user, aggregateType, aggregateId, type, from, to, correlationId, after, limit)
                .map(AuditController::csvLine).collect(Collectors.joining())
                .map(lines -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                        .body(HEADER + lines));
    }

    @GetMapping("/api/audit/me/logs")
    Flux<AuditQueries.Row> mine(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "0") long after,
                                @RequestParam(defaultValue = "100") int limit) {
        return queries.ofUser(UUID.fromString(jwt.getSubject()), after, Math.clamp(limit, 1, MAX_PAGE));
    }

    /** Prunes now what the retention no longer keeps (the schedule does it every hour). */
    @org.springframework.web.bind.annotation.PostMapping("/api/audit/admin/retention/run")
    Mono<Retention.Result> prune() {
        return retention.run();
    }

    @GetMapping("/api/audit/admin/verify")
    Mono<VerifyChains.Report> verify() {
        return verify.verify();
    }

    private static String csvLine(AuditQueries.Row r) {
        return String.join(",", String.valueOf(r.id()), String.valueOf(r.eventId()), cell(r.eventType()),
                cell(r.aggregateType()), cell(r.aggregateId()), cell(r.actor()), cell(r.correlationId()),
                r.occurredAt().toString(), r.recordedAt().toString(), cell(r.data())) + "\n";
    }

    /** RFC 4180: quoted, inner quotes doubled; a leading formula character is defused for spreadsheets. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
