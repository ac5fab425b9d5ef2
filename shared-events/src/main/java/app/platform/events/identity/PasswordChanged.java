package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** The password changed ({@code reset} or {@code change}); every session of the user was revoked. */
public record PasswordChanged(UUID userId, String reason, Instant changedAt) implements DomainEvent {

    public static final String TYPE = "PasswordChanged";

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
