package app.platform.billing.payment.application;

import app.platform.billing.payment.application.PaymentLedger.IdempotentRequest;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link PaymentLedger}, implemented in {@code adapter.out}. */
public interface PaymentStore {
    /** False when this subscription period and attempt was charged already (by another scheduler). */
    Mono<Boolean> insert(Payment payment);

    Mono<Payment> find(UUID id);

    Mono<Payment> forUpdate(UUID id);

    Mono<Payment> forUpdateByProviderRef(String providerRef);

    /** A payment of the subscription that waits for the provider (the member's check of the card), if any. */
    Mono<Payment> pendingOf(UUID subscriptionId);

    Flux<Payment> ofUser(UUID userId);

    Mono<Void> update(UUID id, PaymentStatus status, long refundedMinor, String failureCode, Instant at);

    /** The hash and payment of an idempotency key already used by the user. */
    Mono<IdempotentRequest> key(UUID userId, String key);

    /** False when the key was taken meanwhile. */
    Mono<Boolean> insertKey(UUID userId, String key, String requestHash, UUID paymentId);
}
