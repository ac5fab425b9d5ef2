package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** An operator rejected a member's identity verification, with the reason category. */
public record KycRejected(UUID userId, UUID reviewedBy, String reason, Instant rejectedAt) implements KycEvent {

    public static final String TYPE = "KycRejected";

    @Override
    public String eventType() {
        return TYPE;
    }
}
