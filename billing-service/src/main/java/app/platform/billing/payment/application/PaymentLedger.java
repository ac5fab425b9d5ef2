package app.platform.billing.payment.application;

import app.platform.billing.monitoring.application.Monitoring;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.events.EventMetadata;
import app.platform.events.billing.PaymentFailed;
import app.platform.events.billing.PaymentSucceeded;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where every payment is written, inside its caller's transaction: the row, its event (a subscription's payments
 * only: a failed first charge created no subscription) and the monitoring rules.
 */
@Service
public class PaymentLedger {

    public interface PaymentStore {
        /** False when this subscription period and attempt was charged already (by another scheduler). */
        Mono<Boolean> insert(Payment payment);

        Mono<Payment> find(UUID id);

        Mono<Payment> forUpdate(UUID id);

        Mono<Payment> forUpdateByProviderRef(String providerRef);

        Flux<Payment> ofUser(UUID userId);

        Mono<Void> update(UUID id, PaymentStatus status, long refundedMinor, String failureCode, Instant at);

        /** The hash and payment of an idempotency key already used by the user. */
        Mono<IdempotentRequest> key(UUID userId, String key);

        /** False when the key was taken meanwhile. */
        Mono<Boolean> insertKey(UUID userId, String key, String requestHash, UUID paymentId);
    }

    public record IdempotentRequest(String requestHash, UUID paymentId) {
    }

    private final PaymentStore store;
    private final Monitoring monitoring;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public PaymentLedger(PaymentStore store, Monitoring monitoring, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.monitoring = monitoring;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Records a payment; false (and nothing written) when its period and attempt were charged already. */
    public Mono<Boolean> record(Payment p, EventMetadata metadata) {
        return store.insert(p).flatMap(inserted -> !inserted ? Mono.just(false)
                : announce(p, p.status(), p.failureCode(), metadata)
                .then(monitoring.paymentRecorded(p.id(), p.userId(), p.amountMinor(), p.status() == PaymentStatus.FAILED, metadata))
                .thenReturn(true));
    }

    /** A pending payment settled by the provider; false when it was not pending. */
    public Mono<Boolean> settle(Payment p, PaymentStatus outcome, String failureCode, EventMetadata metadata) {
        if (p.status() != PaymentStatus.PENDING) {
            return Mono.just(false);
        }
        return store.update(p.id(), outcome, p.refundedMinor(), failureCode, clock.instant())
                .then(announce(p, outcome, failureCode, metadata))
                .then(outcome == PaymentStatus.FAILED
                        ? monitoring.paymentRecorded(p.id(), p.userId(), p.amountMinor(), true, metadata) : Mono.empty())
                .thenReturn(true);
    }

    private Mono<Void> announce(Payment p, PaymentStatus status, String failureCode, EventMetadata metadata) {
        if (p.subscriptionId() == null) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return switch (status) {
            case SUCCEEDED -> outbox.append(new PaymentSucceeded(p.id(), p.subscriptionId(), p.userId(),
                    Money.decimal(p.amountMinor(), p.currency()), p.currency(), now), metadata).then();
            case FAILED -> outbox.append(new PaymentFailed(p.id(), p.subscriptionId(), p.userId(),
                    failureCode == null ? "payment_failed" : failureCode, now), metadata).then();
            default -> Mono.empty();
        };
    }

    public PaymentStore store() {
        return store;
    }
}
