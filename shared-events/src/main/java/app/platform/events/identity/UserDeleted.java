package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** The user deleted their account: sign-in is over for good and services erase what they hold about them. */
public record UserDeleted(UUID userId, String reason, Instant deletedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserDeleted";

    @Override
    public String eventType() {
        return TYPE;
    }
}
