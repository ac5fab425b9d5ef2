package app.platform.audit.query.adapter.in.web;

import app.platform.audit.query.application.AuditQueries;
import app.platform.audit.query.application.VerifyChains;
import app.platform.audit.retention.application.Retention;
import app.platform.errors.InvalidInput;
import app.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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
    /** The size of the text columns searched (event type, aggregate type and id, correlation id). */
    private static final int MAX_TEXT = 255;
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

    /**
     * Every parameter is checked (400 problem+json, never clamped or ignored): text filters at most the columns'
     * 255 characters, {@code user} a UUID, {@code from}/{@code to} ISO-8601 instants with {@code from <= to},
     * {@code after} an id (0 for the first page), {@code limit} 1 to 500.
     */
    @GetMapping(value = "/api/audit/admin/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<AuditQueries.Row> search(@RequestParam(required = false) UUID user,
                                  @RequestParam(required = false) @Size(max = MAX_TEXT) String aggregateType,
                                  @RequestParam(required = false) @Size(max = MAX_TEXT) String aggregateId,
                                  @RequestParam(required = false) @Size(max = MAX_TEXT) String type,
                                  @RequestParam(required = false) Instant from,
                                  @RequestParam(required = false) Instant to,
                                  @RequestParam(required = false) @Size(max = MAX_TEXT) String correlationId,
                                  @RequestParam(defaultValue = "0") @Min(0) long after,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE) int limit) {
        if (from != null && to != null && from.isAfter(to)) {
            return Flux.error(new InvalidInput("from", "must not be after to"));
        }
        return queries.search(new AuditQueries.Filter(user, aggregateType, aggregateId, type, from, to, correlationId,
                after, limit));
    }

    @GetMapping(value = "/api/audit/admin/logs", produces = "text/csv")
    Mono<ResponseEntity<String>> csv(@RequestParam(required = false) UUID user,
                                     @RequestParam(required = false) @Size(max = MAX_TEXT) String aggregateType,
                                     @RequestParam(required = false) @Size(max = MAX_TEXT) String aggregateId,
                                     @RequestParam(required = false) @Size(max = MAX_TEXT) String type,
                                     @RequestParam(required = false) Instant from,
                                     @RequestParam(required = false) Instant to,
                                     @RequestParam(required = false) @Size(max = MAX_TEXT) String correlationId,
                                     @RequestParam(defaultValue = "0") @Min(0) long after,
                                     @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE) int limit) {
        return search(user, aggregateType, aggregateId, type, from, to, correlationId, after, limit)
                .map(AuditController::csvLine).collect(Collectors.joining())
                .map(lines -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                        .body(HEADER + lines));
    }

    /** {@code after} an id (0 for the first page), {@code limit} 1 to 500; anything else is a 400. */
    @GetMapping("/api/audit/me/logs")
    Flux<AuditQueries.Row> mine(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "0") @Min(0) long after,
                                @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_PAGE) int limit) {
        return queries.ofUser(Caller.id(jwt), after, limit);
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
        return String.join(",", String.valueOf(r.id()), String.valueOf(r.eventId()), Csv.cell(r.eventType()),
                Csv.cell(r.aggregateType()), Csv.cell(r.aggregateId()), Csv.cell(r.actor()),
                Csv.cell(r.correlationId()), r.occurredAt().toString(), r.recordedAt().toString(),
                Csv.cell(r.data())) + "\n";
    }
}
