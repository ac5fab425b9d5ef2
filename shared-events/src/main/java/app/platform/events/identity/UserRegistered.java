package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A person signed up (or was imported from Supabase with {@code imported=true}). Never carries a credential. */
public record UserRegistered(UUID userId, String email, boolean emailVerified, String method, boolean imported,
                             Instant registeredAt) implements DomainEvent {

    public static final String TYPE = "UserRegistered";

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
