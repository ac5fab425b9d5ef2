package app.platform.events.profile;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.util.UUID;

/** The app user for an identity user exists, with its default settings. */
public record AppUserCreated(UUID appUserId, UUID authUserId, String status, String reason) implements DomainEvent {

    public static final String TYPE = "AppUserCreated";

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
