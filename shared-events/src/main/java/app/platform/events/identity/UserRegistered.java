package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A person signed up (or was imported from Supabase with {@code imported=true}). Never carries a credential. */
public record UserRegistered(UUID userId, String email, boolean emailVerified, String method, boolean imported,
                             Instant registeredAt) implements IdentityUserEvent {

    public static final String TYPE = "UserRegistered";

    @Override
    public String eventType() {
        return TYPE;
    }
}
