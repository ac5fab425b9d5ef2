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
import reactor.core.publisher.Mono;

/**
 * Where every payment is written, inside its caller's transaction: the row, its event (a subscription's payments
 * only: a failed first charge created no subscription) and the monitoring rules.
 */
@Service
public class PaymentLedger {

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

    /**
     * The legacy import's upsert, in the caller's transaction: a new payment is written as {@link #record} writes one,
     * a known one takes its status (a refunded one is refunded in full, a succeeded one keeps what was refunded of it
     * here); neither is announced nor judged by the monitoring rules (the legacy side took the money, and billing's
     * events drive memberships, whose state comes from their own legacy table). False, and nothing written, when the
     * id is another member's payment or the amount or currency changed (a payment's amount never does).
     */
    public Mono<Boolean> put(Payment p) {
        return store.forUpdate(p.id()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(known -> {
                    if (known.isEmpty()) {
                        return store.insert(p);
                    }
                    Payment was = known.get();
                    if (!was.userId().equals(p.userId()) || was.amountMinor() != p.amountMinor()
                            || !was.currency().equals(p.currency())) {
                        return Mono.just(false);
                    }
                    long refunded = p.status() == PaymentStatus.SUCCEEDED && was.status() == PaymentStatus.SUCCEEDED
                            ? Math.max(p.refundedMinor(), was.refundedMinor()) : p.refundedMinor();
                    if (was.status() == p.status() && was.refundedMinor() == refunded) {
                        return Mono.just(true);
                    }
                    return store.update(p.id(), p.status(), refunded, was.failureCode(), clock.instant()).thenReturn(true);
                });
    }

    /**
     * A payment settled by the provider: a pending one either way, or a failed one of a subscription that succeeded
     * after all (the member completed the card's check on the same payment after a failure was reported: the money
     * is taken, and pays the period); false when nothing changed. (A declined first charge has no subscription to
     * pay: {@link Payments#providerSettled} gives its late success back.)
     */
    public Mono<Boolean> settle(Payment p, PaymentStatus outcome, String failureCode, EventMetadata metadata) {
        boolean settles = p.status() == PaymentStatus.PENDING
                || p.status() == PaymentStatus.FAILED && outcome == PaymentStatus.SUCCEEDED && p.subscriptionId() != null;
        if (!settles) {
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
