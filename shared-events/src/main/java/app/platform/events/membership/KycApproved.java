package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** An operator approved a member's identity verification. */
public record KycApproved(UUID userId, UUID reviewedBy, Instant approvedAt, Instant expiresAt) implements KycEvent {

    public static final String TYPE = "KycApproved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
