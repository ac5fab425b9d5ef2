package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A session (an authorization and its tokens) was ended: by the user, an admin, a password change or token reuse. */
public record SessionRevoked(UUID userId, String sessionId, String reason, Instant revokedAt) implements IdentityUserEvent {

    public static final String TYPE = "SessionRevoked";

    @Override
    public String eventType() {
        return TYPE;
    }
}
