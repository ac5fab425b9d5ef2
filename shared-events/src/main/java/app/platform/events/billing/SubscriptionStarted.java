package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A member's subscription to a plan started (billing publishes it; membership activates). */
public record SubscriptionStarted(UUID subscriptionId, UUID userId, String plan, Instant startedAt) implements DomainEvent {

    public static final String TYPE = "SubscriptionStarted";

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
