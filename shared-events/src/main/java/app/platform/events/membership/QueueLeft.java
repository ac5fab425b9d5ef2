package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A member left the queue (by choice, paid out, or membership ended); the positions behind moved up. */
public record QueueLeft(UUID userId, int position, String reason, Instant leftAt) implements QueueEvent {

    public static final String TYPE = "QueueLeft";

    @Override
    public String eventType() {
        return TYPE;
    }
}
