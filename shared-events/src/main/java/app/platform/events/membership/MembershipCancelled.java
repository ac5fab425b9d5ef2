package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A membership was cancelled (the subscription ended). */
public record MembershipCancelled(UUID membershipId, UUID userId, String reason, Instant cancelledAt) implements DomainEvent {

    public static final String TYPE = "MembershipCancelled";

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
