package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** The user proved they own their e-mail address. */
public record UserEmailVerified(UUID userId, Instant verifiedAt) implements DomainEvent {

    public static final String TYPE = "UserEmailVerified";

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
