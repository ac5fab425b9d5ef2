package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A member accepted a version of the terms (the hash names the exact text). */
public record AgreementAccepted(UUID agreementId, UUID userId, String termsVersion, String termsHash, Instant acceptedAt) implements DomainEvent {

    public static final String TYPE = "AgreementAccepted";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.agreement";
    }

    @Override
    public String aggregateId() {
        return agreementId.toString();
    }
}
