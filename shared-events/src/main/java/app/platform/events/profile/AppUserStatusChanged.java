package app.platform.events.profile;

import java.util.UUID;

/** The app user's status followed an identity event (verified: Active; banned: Suspended; unbanned: back). */
public record AppUserStatusChanged(UUID appUserId, UUID authUserId, String from, String to, String reason)
        implements ProfileUserEvent {

    public static final String TYPE = "AppUserStatusChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
