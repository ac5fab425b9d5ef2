package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member submitted identity documents (types only: no document numbers or contents). */
public record KycSubmitted(UUID userId, List<String> documentTypes, Instant submittedAt) implements DomainEvent {

    public static final String TYPE = "KycSubmitted";

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
