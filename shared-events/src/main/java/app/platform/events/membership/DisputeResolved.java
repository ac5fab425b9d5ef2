package app.platform.events.membership;

import java.time.Instant;
import java.util.UUID;

/** An operator resolved a dispute, or the member withdrew it. */
public record DisputeResolved(UUID disputeId, UUID userId, String resolution, Instant resolvedAt) implements DisputeEvent {

    public static final String TYPE = "DisputeResolved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
