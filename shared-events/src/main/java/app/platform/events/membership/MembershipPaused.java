package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A membership was paused (the member is banned). */
public record MembershipPaused(UUID membershipId, UUID userId, String reason, Instant pausedAt) implements DomainEvent {

    public static final String TYPE = "MembershipPaused";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "membership.membership";
    }

    @Override
    public String aggregateId() {
        return userId.toString();
    }
}
