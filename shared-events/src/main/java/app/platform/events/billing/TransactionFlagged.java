package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A monitoring rule flagged a payment or a payout for review. */
public record TransactionFlagged(UUID alertId, UUID userId, String subjectType, UUID subjectId, String rule, String severity, Instant flaggedAt) implements DomainEvent {

    public static final String TYPE = "TransactionFlagged";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.monitoring";
    }

    @Override
    public String aggregateId() {
        return alertId.toString();
    }
}
