package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A member added a payment method (a provider token; only brand, last 4 and expiry are kept). */
public record PaymentMethodAdded(UUID methodId, UUID userId, String brand, String last4, boolean defaultMethod, Instant addedAt) implements DomainEvent {

    public static final String TYPE = "PaymentMethodAdded";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.payment_method";
    }

    @Override
    public String aggregateId() {
        return methodId.toString();
    }
}
