package app.platform.events.profile;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of the app-user aggregate: keyed by the app user id, on {@code profile.user.events}. */
public interface ProfileUserEvent extends DomainEvent {

    UUID appUserId();

    @Override
    default String aggregateType() {
        return Aggregates.PROFILE_USER;
    }

    @Override
    default String aggregateId() {
        return appUserId().toString();
    }
}
