package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a payout: keyed by the payout id, on {@code membership.payout.events}. */
public interface PayoutEvent extends DomainEvent {

    UUID payoutId();

    @Override
    default String aggregateType() {
        return "membership.payout";
    }

    @Override
    default String aggregateId() {
        return payoutId().toString();
    }
}
