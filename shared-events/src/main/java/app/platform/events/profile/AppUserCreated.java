package app.platform.events.profile;

import java.util.UUID;

/** The app user for an identity user exists, with its default settings. */
public record AppUserCreated(UUID appUserId, UUID authUserId, String status, String reason) implements ProfileUserEvent {

    public static final String TYPE = "AppUserCreated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
