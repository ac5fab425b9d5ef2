package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a dispute: keyed by the dispute id, on {@code membership.dispute.events}. */
public interface DisputeEvent extends DomainEvent {

    UUID disputeId();

    @Override
    default String aggregateType() {
        return "membership.dispute";
    }

    @Override
    default String aggregateId() {
        return disputeId().toString();
    }
}
