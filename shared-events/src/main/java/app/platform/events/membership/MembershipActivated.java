package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A membership became active (paid for, or resumed). */
public record MembershipActivated(UUID membershipId, UUID userId, String plan, String reason, Instant activatedAt) implements MembershipEvent {

    public static final String TYPE = "MembershipActivated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
