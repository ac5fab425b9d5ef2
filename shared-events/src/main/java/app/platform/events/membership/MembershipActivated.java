package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A membership became active (paid for, or resumed). */
public record MembershipActivated(UUID membershipId, UUID userId, String plan, String reason, Instant activatedAt) implements DomainEvent {

    public static final String TYPE = "MembershipActivated";

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
