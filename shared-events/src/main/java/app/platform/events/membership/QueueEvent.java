package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of the payout queue: keyed by the member, on {@code membership.queue.events}. */
public interface QueueEvent extends DomainEvent {

    UUID userId();

    @Override
    default String aggregateType() {
        return "membership.queue";
    }

    @Override
    default String aggregateId() {
        return userId().toString();
    }
}
