package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A password reset was asked for; the mail went out. Carries no token. */
public record PasswordResetRequested(UUID userId, Instant requestedAt) implements IdentityUserEvent {

    public static final String TYPE = "PasswordResetRequested";

    @Override
    public String eventType() {
        return TYPE;
    }
}
