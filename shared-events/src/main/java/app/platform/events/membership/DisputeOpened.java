package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** A member opened a dispute against a payout or their membership (their payouts wait). */
public record DisputeOpened(UUID disputeId, UUID userId, String subjectType, UUID subjectId, Instant openedAt) implements DisputeEvent {

    public static final String TYPE = "DisputeOpened";

    @Override
    public String eventType() {
        return TYPE;
    }
}
