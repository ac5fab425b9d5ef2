package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** An operator approved a scheduled payout. */
public record PayoutApproved(UUID payoutId, UUID userId, UUID approvedBy, Instant approvedAt) implements DomainEvent {

    public static final String TYPE = "PayoutApproved";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "membership.payout";
    }

    @Override
    public String aggregateId() {
        return payoutId.toString();
    }
}
