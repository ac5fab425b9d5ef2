package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment for a subscription succeeded. */
public record PaymentSucceeded(UUID paymentId, UUID subscriptionId, UUID userId, BigDecimal amount, String currency, Instant succeededAt) implements DomainEvent {

    public static final String TYPE = "PaymentSucceeded";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.payment";
    }

    @Override
    public String aggregateId() {
        return paymentId.toString();
    }
}
