package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** The user proved they own their e-mail address. */
public record UserEmailVerified(UUID userId, Instant verifiedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserEmailVerified";

    @Override
    public String eventType() {
        return TYPE;
    }
}
