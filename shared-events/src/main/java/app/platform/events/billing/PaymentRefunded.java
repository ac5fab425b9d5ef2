package app.platform.events.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment was refunded, in full or in part; refundedTotal is everything refunded so far. */
public record PaymentRefunded(UUID paymentId, UUID userId, BigDecimal amount, BigDecimal refundedTotal, String currency, boolean fully, Instant refundedAt) implements PaymentEvent {

    public static final String TYPE = "PaymentRefunded";

    @Override
    public String eventType() {
        return TYPE;
    }
}
