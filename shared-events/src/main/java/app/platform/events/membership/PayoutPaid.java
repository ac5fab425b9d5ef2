package app.platform.events.membership;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payout was paid: billing's monitoring judges it, audit records it. */
public record PayoutPaid(UUID payoutId, UUID userId, BigDecimal amount, String currency, Instant paidAt) implements PayoutEvent {

    public static final String TYPE = "PayoutPaid";

    @Override
    public String eventType() {
        return TYPE;
    }
}
