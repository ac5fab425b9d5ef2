package app.platform.billing.payment.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A charge: for a subscription's period (the scheduler's, keyed by period and attempt), paid now by the member
 * (no period), or the failed first charge of a subscription that was never created (no subscription).
 */
public record Payment(UUID id, UUID userId, UUID subscriptionId, UUID paymentMethodId, Instant periodStart, int attempt,
                      long amountMinor, String currency, PaymentStatus status, long refundedMinor, String providerRef,
                      String failureCode, Instant createdAt) {

    public Money amount() {
        return new Money(amountMinor, currency);
    }
}
