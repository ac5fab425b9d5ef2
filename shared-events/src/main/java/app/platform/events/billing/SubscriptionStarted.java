package app.platform.events.billing;

import java.time.Instant;
import java.util.UUID;

/** A member's subscription to a plan started (billing publishes it; membership activates). */
public record SubscriptionStarted(UUID subscriptionId, UUID userId, String plan, Instant startedAt) implements SubscriptionEvent {

    public static final String TYPE = "SubscriptionStarted";

    @Override
    public String eventType() {
        return TYPE;
    }
}
