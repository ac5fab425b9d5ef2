package app.platform.events.profile;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.util.UUID;

/** The app user's status followed an identity event (verified: Active; banned: Suspended; unbanned: back). */
public record AppUserStatusChanged(UUID appUserId, UUID authUserId, String from, String to, String reason)
        implements DomainEvent {

    public static final String TYPE = "AppUserStatusChanged";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return Aggregates.PROFILE_USER;
    }

    @Override
    public String aggregateId() {
        return appUserId.toString();
    }
}
