package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A payout failed or was cancelled; the member keeps their place at the head of the queue. */
public record PayoutFailed(UUID payoutId, UUID userId, String reason, Instant failedAt) implements PayoutEvent {

    public static final String TYPE = "PayoutFailed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
