package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** An operator banned the user until a time; every session was ended. */
public record UserBanned(UUID userId, Instant bannedUntil, Instant bannedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserBanned";

    @Override
    public String eventType() {
        return TYPE;
    }
}
