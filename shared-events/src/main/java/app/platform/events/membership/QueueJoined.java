package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A member joined the payout queue at a position. */
public record QueueJoined(UUID userId, int position, Instant joinedAt) implements QueueEvent {

    public static final String TYPE = "QueueJoined";

    @Override
    public String eventType() {
        return TYPE;
    }
}
