package app.platform.events.billing;

import java.time.Instant;
import java.util.UUID;

/** A subscription was charged for a new period (after its trial or the previous period). */
public record SubscriptionRenewed(UUID subscriptionId, UUID userId, String plan, Instant periodStart, Instant periodEnd) implements SubscriptionEvent {

    public static final String TYPE = "SubscriptionRenewed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
