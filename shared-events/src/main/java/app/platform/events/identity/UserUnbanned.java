package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** An operator lifted the ban. */
public record UserUnbanned(UUID userId, Instant unbannedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserUnbanned";

    @Override
    public String eventType() {
        return TYPE;
    }
}
