package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A membership lapsed: a payment failed and was not made good within the grace period. */
public record MembershipExpired(UUID membershipId, UUID userId, Instant expiredAt) implements MembershipEvent {

    public static final String TYPE = "MembershipExpired";

    @Override
    public String eventType() {
        return TYPE;
    }
}
