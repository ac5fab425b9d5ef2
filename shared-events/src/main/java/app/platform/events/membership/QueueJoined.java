package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A member joined the payout queue at a position. */
public record QueueJoined(UUID userId, int position, Instant joinedAt) implements DomainEvent {

    public static final String TYPE = "QueueJoined";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "membership.queue";
    }

    @Override
    public String aggregateId() {
        return userId.toString();
    }
}
