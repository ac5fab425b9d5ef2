package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A membership was cancelled (the subscription ended). */
public record MembershipCancelled(UUID membershipId, UUID userId, String reason, Instant cancelledAt) implements MembershipEvent {

    public static final String TYPE = "MembershipCancelled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
