package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A payment for a subscription failed. */
public record PaymentFailed(UUID paymentId, UUID subscriptionId, UUID userId, String reason, Instant failedAt) implements DomainEvent {

    public static final String TYPE = "PaymentFailed";

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
