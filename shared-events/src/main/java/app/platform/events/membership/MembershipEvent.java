package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a member's membership: keyed by the user id, on {@code membership.membership.events}. */
public interface MembershipEvent extends DomainEvent {

    UUID userId();

    @Override
    default String aggregateType() {
        return "membership.membership";
    }

    @Override
    default String aggregateId() {
        return userId().toString();
    }
}
