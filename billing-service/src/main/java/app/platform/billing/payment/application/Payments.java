package app.platform.billing.payment.application;

import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.payment.domain.Money;
import app.platform.billing.payment.domain.Payment;
import app.platform.billing.payment.domain.PaymentStatus;
import app.platform.billing.payment.domain.RequestFingerprint;
import app.platform.billing.provider.application.PaymentProvider;
import app.platform.billing.provider.domain.Charge;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.Unprocessable;
import app.platform.events.EventMetadata;
import app.platform.events.billing.PaymentRefunded;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payments a member makes now (the amount due of a past-due or failing subscription), with an idempotency key:
 * the same key and body give the same payment, the same key with another body is refused (422). A card that needs
 * the member's action leaves the payment pending until the provider's webhook settles it. Operators refund in full
 * or in part, never above what was captured.
 */
@Service
public class Payments {

    /** A payment, and whether it is the answer to a repeated request. */
    public record Outcome(Payment payment, boolean replayed) {
    }

    private final PaymentLedger ledger;
    private final PaymentStore store;
    private final Subscriptions subscriptions;
    private final PaymentMethods methods;
    private final PaymentProvider provider;
    private final ReactiveOutbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    public Payments(PaymentLedger ledger, Subscriptions subscriptions, PaymentMethods methods, PaymentProvider provider,
                    ReactiveOutbox outbox, TransactionalOperator tx, Clock clock) {
        this.ledger = ledger;
        this.store = ledger.store();
        this.subscriptions = subscriptions;
        this.methods = methods;
        this.provider = provider;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    public Flux<Payment> mine(UUID userId) {
        return store.ofUser(userId);
    }

    public Mono<Outcome> payNow(UUID userId, String key, UUID subscriptionId, UUID methodId, EventMetadata metadata) {
        if (key == null || key.isBlank() || key.length() > 255) {
            return Mono.error(new InvalidInput("Idempotency-Key", "send an Idempotency-Key header of 1 to 255 characters"));
        }
        if (subscriptionId == null) {
            return Mono.error(new InvalidInput("subscriptionId", "name the subscription to pay"));
        }
        String hash = RequestFingerprint.of(subscriptionId, methodId);
        return replay(userId, key, hash).switchIfEmpty(Mono.defer(() -> charge(userId, key, hash, subscriptionId,
                methodId, metadata)));
    }

    private Mono<Outcome> replay(UUID userId, String key, String hash) {
        return store.key(userId, key).flatMap(earlier -> earlier.requestHash().equals(hash)
                ? store.find(earlier.paymentId()).map(p -> new Outcome(p, true))
                : Mono.error(new Unprocessable("this Idempotency-Key was used for a different request")));
    }

    private Mono<Outcome> charge(UUID userId, String key, String hash, UUID subscriptionId, UUID methodId,
                                 EventMetadata metadata) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return subscriptions.dueForUpdate(userId, subscriptionId)
                .switchIfEmpty(Mono.error(() -> new Conflict("nothing is due on this subscription")))
                .flatMap(due -> store.pendingOf(subscriptionId).hasElement().flatMap(pending -> pending
                        ? Mono.error(new Conflict("a payment of this subscription waits for the card's check; complete it first"))
                        : methods.paying(userId, methodId)).flatMap(m -> provider
                        .charge(m.providerToken(), due.amount(), "pay:" + userId + ":" + key)
                        .flatMap(charge -> {
                            PaymentStatus status = switch (charge.outcome()) {
                                case SUCCEEDED -> PaymentStatus.SUCCEEDED;
                                case REQUIRES_ACTION -> PaymentStatus.PENDING;
                                case FAILED -> PaymentStatus.FAILED;
                            };
                            Payment p = new Payment(UUID.randomUUID(), userId, subscriptionId, m.id(), null, 0,
                                    due.amount().minor(), due.amount().currency(), status, 0, charge.providerRef(),
                                    charge.outcome() == Charge.Outcome.SUCCEEDED ? null : charge.failureCode(), now);
                            return store.insertKey(userId, key, hash, p.id()).flatMap(fresh -> !fresh
                                    ? Mono.<Outcome>empty()
                                    : ledger.record(p, metadata)
                                    .then(status == PaymentStatus.SUCCEEDED ? subscriptions.paid(subscriptionId, metadata) : Mono.empty())
                                    .thenReturn(new Outcome(p, false)));
                        })))
                .as(tx::transactional)
                // the key was taken by a concurrent request with the same key: answer as that one did (also when this
                // one, having waited for that one's lock, found nothing due any more)
                .switchIfEmpty(Mono.defer(() -> replay(userId, key, hash)))
                .onErrorResume(Conflict.class, e -> replay(userId, key, hash).switchIfEmpty(Mono.error(e)));
    }

    /**
     * The provider settled a payment (its webhook); false when there was nothing to settle. A failed charge that
     * succeeded after all (the card's check completed late) pays the period its subscription still owes; one that
     * bought nothing is refunded in full: a subscribe's declined first charge, or a renewal whose period was paid
     * since or whose subscription ended meanwhile.
     */
    public Mono<Boolean> providerSettled(String providerRef, boolean succeeded, String failureCode, EventMetadata metadata) {
        return store.forUpdateByProviderRef(providerRef)
                .flatMap(p -> !(succeeded && p.status() == PaymentStatus.FAILED) ? settle(p, succeeded, failureCode, metadata)
                        : (p.subscriptionId() == null ? Mono.just(false) : subscriptions.stillOwing(p.subscriptionId()))
                        .flatMap(owing -> owing ? settle(p, true, null, metadata)
                                : giveBack(p, metadata).thenReturn(true)))
                .defaultIfEmpty(false);
    }

    private Mono<Boolean> settle(Payment p, boolean succeeded, String failureCode, EventMetadata metadata) {
        return ledger.settle(p, succeeded ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED,
                        succeeded ? null : (failureCode == null ? "payment_failed" : failureCode), metadata)
                .flatMap(settled -> settled && succeeded && p.subscriptionId() != null
                        ? subscriptions.paid(p.subscriptionId(), metadata).thenReturn(true)
                        : Mono.just(settled));
    }

    private Mono<Void> giveBack(Payment p, EventMetadata metadata) {
        Instant now = clock.instant();
        return provider.refund(p.providerRef(), new Money(p.amountMinor(), p.currency()))
                .then(store.update(p.id(), PaymentStatus.REFUNDED, p.amountMinor(), p.failureCode(), now))
                .then(outbox.append(new PaymentRefunded(p.id(), p.userId(), Money.decimal(p.amountMinor(), p.currency()),
                        Money.decimal(p.amountMinor(), p.currency()), p.currency(), true, now), metadata))
                .then();
    }

    /** Refunds {@code amountMinor} (all that is left when null) of a succeeded payment. */
    public Mono<Payment> refund(UUID paymentId, Long amountMinor, EventMetadata metadata) {
        return store.forUpdate(paymentId).switchIfEmpty(Mono.error(() -> new NotFound("payment")))
                .flatMap(p -> {
                    if (p.status() != PaymentStatus.SUCCEEDED) {
                        return Mono.error(new Conflict("a " + p.status().code() + " payment cannot be refunded"));
                    }
                    long left = PaymentStatus.refundable(p.status(), p.amountMinor(), p.refundedMinor());
                    long amount = amountMinor == null ? left : amountMinor;
                    if (amount <= 0) {
                        return Mono.error(new InvalidInput("amountMinor", "a refund is a positive amount in minor units"));
                    }
                    if (amount > left) {
                        return Mono.error(new Unprocessable("at most " + left + " (minor units) can still be refunded"));
                    }
                    long refunded = p.refundedMinor() + amount;
                    boolean fully = refunded == p.amountMinor();
                    Instant now = clock.instant();
                    return provider.refund(p.providerRef(), new Money(amount, p.currency()))
                            .then(store.update(p.id(), fully ? PaymentStatus.REFUNDED : PaymentStatus.SUCCEEDED, refunded,
                                    p.failureCode(), now))
                            .then(outbox.append(new PaymentRefunded(p.id(), p.userId(), Money.decimal(amount, p.currency()),
                                    Money.decimal(refunded, p.currency()), p.currency(), fully, now), metadata))
                            .then(store.find(p.id()));
                })
                .as(tx::transactional);
    }
}
