package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of the identity user aggregate: keyed by the user id, on {@code identity.user.events}. */
public interface IdentityUserEvent extends DomainEvent {

    UUID userId();

    @Override
    default String aggregateType() {
        return Aggregates.IDENTITY_USER;
    }

    @Override
    default String aggregateId() {
        return userId().toString();
    }
}
