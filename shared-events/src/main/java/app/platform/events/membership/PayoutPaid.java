package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payout was paid: billing books it, audit records it. */
public record PayoutPaid(UUID payoutId, UUID userId, BigDecimal amount, String currency, Instant paidAt) implements DomainEvent {

    public static final String TYPE = "PayoutPaid";

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
