package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A membership lapsed: a payment failed and was not made good within the grace period. */
public record MembershipExpired(UUID membershipId, UUID userId, Instant expiredAt) implements DomainEvent {

    public static final String TYPE = "MembershipExpired";

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
