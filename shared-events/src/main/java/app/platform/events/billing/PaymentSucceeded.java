package app.platform.events.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment for a subscription succeeded. */
public record PaymentSucceeded(UUID paymentId, UUID subscriptionId, UUID userId, BigDecimal amount, String currency, Instant succeededAt) implements PaymentEvent {

    public static final String TYPE = "PaymentSucceeded";

    @Override
    public String eventType() {
        return TYPE;
    }
}
