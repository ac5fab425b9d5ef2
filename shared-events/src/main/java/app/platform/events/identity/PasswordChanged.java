package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * The password changed ({@code reset} or {@code change}), or was removed ({@code google_takeover}: a Google sign-in
 * with the verified address took over an account whose address nobody had verified); every session was revoked,
 * but for a change the session that made it.
 */
public record PasswordChanged(UUID userId, String reason, Instant changedAt) implements IdentityUserEvent {

    public static final String TYPE = "PasswordChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
