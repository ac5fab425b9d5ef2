package app.platform.billing.monitoring.application;

import app.platform.billing.monitoring.application.Monitoring.Alert;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Monitoring}, implemented in {@code adapter.out}. */
public interface AlertStore {
    /** False when this subject was already flagged by this rule. */
    Mono<Boolean> insert(Alert alert);

    Mono<Long> paymentsSince(UUID userId, Instant since);

    Mono<Long> failuresSince(UUID userId, Instant since);

    Mono<Void> kyc(UUID userId, String status, Instant expiresAt);

    /** [status, expiresAt] of the member's KYC, empty when unknown. */
    Mono<Object[]> kycOf(UUID userId);

    Flux<Alert> withStatus(String status);

    Mono<Alert> forUpdate(UUID id);

    Mono<Void> review(UUID id, String status, UUID operator, String note, Instant at);

    Mono<Alert> find(UUID id);
}
