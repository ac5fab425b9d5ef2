package app.platform.events.billing;

import java.time.Instant;
import java.util.UUID;

/** A subscription was cancelled. */
public record SubscriptionCancelled(UUID subscriptionId, UUID userId, Instant cancelledAt) implements SubscriptionEvent {

    public static final String TYPE = "SubscriptionCancelled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
