package app.platform.events.billing;

import java.time.Instant;
import java.util.UUID;

/** A payment for a subscription failed. */
public record PaymentFailed(UUID paymentId, UUID subscriptionId, UUID userId, String reason, Instant failedAt) implements PaymentEvent {

    public static final String TYPE = "PaymentFailed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
