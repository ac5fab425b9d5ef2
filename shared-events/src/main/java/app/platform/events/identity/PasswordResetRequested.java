package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A password reset was asked for; the mail went out. Carries no token. */
public record PasswordResetRequested(UUID userId, Instant requestedAt) implements DomainEvent {

    public static final String TYPE = "PasswordResetRequested";

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
