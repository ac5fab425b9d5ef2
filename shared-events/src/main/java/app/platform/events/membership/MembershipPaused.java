package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A membership was paused (the member is banned). */
public record MembershipPaused(UUID membershipId, UUID userId, String reason, Instant pausedAt) implements MembershipEvent {

    public static final String TYPE = "MembershipPaused";

    @Override
    public String eventType() {
        return TYPE;
    }
}
