package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** An operator rejected a member's identity verification, with the reason category. */
public record KycRejected(UUID userId, UUID reviewedBy, String reason, Instant rejectedAt) implements DomainEvent {

    public static final String TYPE = "KycRejected";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "membership.kyc";
    }

    @Override
    public String aggregateId() {
        return userId.toString();
    }
}
