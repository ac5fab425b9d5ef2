package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A session (an authorization and its tokens) was ended: by the user, an admin, a password change or token reuse. */
public record SessionRevoked(UUID userId, String sessionId, String reason, Instant revokedAt) implements DomainEvent {

    public static final String TYPE = "SessionRevoked";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return Aggregates.IDENTITY_USER;
    }

    @Override
    public String aggregateId() {
        return userId.toString();
    }
}
