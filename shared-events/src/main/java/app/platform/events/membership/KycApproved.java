package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** An operator approved a member's identity verification. */
public record KycApproved(UUID userId, UUID reviewedBy, Instant approvedAt, Instant expiresAt) implements DomainEvent {

    public static final String TYPE = "KycApproved";

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
