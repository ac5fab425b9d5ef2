package app.platform.events.membership;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payout was scheduled for the first eligible member in the queue. */
public record PayoutScheduled(UUID payoutId, UUID userId, BigDecimal amount, String currency, Instant scheduledFor) implements PayoutEvent {

    public static final String TYPE = "PayoutScheduled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
