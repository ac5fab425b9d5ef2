package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payout was scheduled for the first eligible member in the queue. */
public record PayoutScheduled(UUID payoutId, UUID userId, BigDecimal amount, String currency, Instant scheduledFor) implements DomainEvent {

    public static final String TYPE = "PayoutScheduled";

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
