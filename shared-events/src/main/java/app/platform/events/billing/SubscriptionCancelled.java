package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A subscription was cancelled. */
public record SubscriptionCancelled(UUID subscriptionId, UUID userId, Instant cancelledAt) implements DomainEvent {

    public static final String TYPE = "SubscriptionCancelled";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.subscription";
    }

    @Override
    public String aggregateId() {
        return subscriptionId.toString();
    }
}
