package app.platform.billing.monitoring.application;

import app.platform.billing.monitoring.domain.MonitoringRules;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.billing.TransactionFlagged;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transaction monitoring: each finding of {@link MonitoringRules} becomes one alert per subject and rule (a
 * redelivered event flags nothing twice) and a {@code TransactionFlagged}; operators confirm or dismiss alerts.
 */
@Service
public class Monitoring {

    public record Alert(UUID id, UUID userId, String subjectType, UUID subjectId, String rule, String severity,
                        Map<String, Object> details, String status, Instant createdAt, UUID reviewedBy,
                        Instant reviewedAt, String reviewNote) {
    }

    private final AlertStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final MonitoringRules.Thresholds thresholds;

    public Monitoring(AlertStore store, ReactiveOutbox outbox, Clock clock, MonitoringSettings settings) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.thresholds = settings.thresholds();
    }

    /** Judges a payment just recorded (inside the transaction that recorded it). */
    public Mono<Void> paymentRecorded(UUID paymentId, UUID userId, long amountMinor, boolean failed, EventMetadata metadata) {
        Instant now = clock.instant();
        Instant hourAgo = now.minusSeconds(3600);
        return Mono.zip(store.paymentsSince(userId, hourAgo), store.failuresSince(userId, hourAgo))
                .flatMapMany(counts -> Flux.fromIterable(MonitoringRules.forPayment(thresholds, amountMinor,
                        counts.getT1(), counts.getT2(), failed)))
                .concatMap(f -> flag(userId, "payment", paymentId, f, Map.of("amountMinor", amountMinor), metadata))
                .then();
    }

    @Transactional
    public Mono<Void> payout(UUID payoutId, UUID userId, String stage, EventMetadata metadata) {
        Instant now = clock.instant();
        return store.kycOf(userId).map(k -> MonitoringRules.forPayout((String) k[0], (Instant) k[1], now))
                .defaultIfEmpty(MonitoringRules.forPayout(null, null, now))
                .flatMap(finding -> finding.map(f -> flag(userId, "payout", payoutId, f, Map.of("stage", stage), metadata))
                        .orElse(Mono.empty()));
    }

    public Mono<Void> kycChanged(UUID userId, String status, Instant expiresAt) {
        return store.kyc(userId, status, expiresAt);
    }

    public Flux<Alert> withStatus(String status) {
        if (!status.equals("open") && !status.equals("confirmed") && !status.equals("dismissed")) {
            return Flux.error(new InvalidInput("status", "open, confirmed or dismissed"));
        }
        return store.withStatus(status);
    }

    @Transactional
    public Mono<Alert> review(UUID id, UUID operator, String decision, String note) {
        if (!"confirmed".equals(decision) && !"dismissed".equals(decision)) {
            return Mono.error(new InvalidInput("decision", "confirmed or dismissed"));
        }
        if (note != null && note.length() > 1000) {
            return Mono.error(new InvalidInput("note", "at most 1000 characters"));
        }
        return store.forUpdate(id).switchIfEmpty(Mono.error(() -> new NotFound("alert")))
                .flatMap(alert -> {
                    if (!MonitoringRules.decisionAllowed(alert.status(), decision)) {
                        return Mono.error(new Conflict("the alert was " + alert.status() + " already"));
                    }
                    return alert.status().equals(decision) ? Mono.empty()
                            : store.review(id, decision, operator, note, clock.instant());
                })
                .then(store.find(id));
    }

    private Mono<Void> flag(UUID userId, String subjectType, UUID subjectId, MonitoringRules.Finding finding,
                            Map<String, Object> details, EventMetadata metadata) {
        Instant now = clock.instant();
        Alert alert = new Alert(UUID.randomUUID(), userId, subjectType, subjectId, finding.rule(), finding.severity(),
                details, "open", now, null, null, null);
        return store.insert(alert).filter(inserted -> inserted)
                .flatMap(i -> outbox.append(new TransactionFlagged(alert.id(), userId, subjectType, subjectId,
                        finding.rule(), finding.severity(), now), metadata))
                .then();
    }
}
