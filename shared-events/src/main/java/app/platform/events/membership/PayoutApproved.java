package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** An operator approved a scheduled payout. */
public record PayoutApproved(UUID payoutId, UUID userId, UUID approvedBy, Instant approvedAt) implements PayoutEvent {

    public static final String TYPE = "PayoutApproved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
