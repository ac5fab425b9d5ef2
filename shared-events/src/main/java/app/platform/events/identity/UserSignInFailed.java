package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A sign-in to a known account failed (reason: bad_credentials, locked, throttled). */
public record UserSignInFailed(UUID userId, String reason, Instant failedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserSignInFailed";

    @Override
    public String eventType() {
        return TYPE;
    }
}
