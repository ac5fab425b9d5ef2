package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** An operator moved a queue entry, with the reason. */
public record QueuePositionChanged(UUID userId, int from, int to, String reason, UUID movedBy, Instant movedAt) implements QueueEvent {

    public static final String TYPE = "QueuePositionChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
