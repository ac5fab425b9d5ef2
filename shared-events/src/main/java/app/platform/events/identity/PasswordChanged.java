package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** The password changed ({@code reset} or {@code change}); every session of the user was revoked. */
public record PasswordChanged(UUID userId, String reason, Instant changedAt) implements IdentityUserEvent {

    public static final String TYPE = "PasswordChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
