package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/** A member submitted a tax form (the tax id itself never leaves billing). */
public record TaxFormSubmitted(UUID userId, String kind, Instant submittedAt) implements DomainEvent {

    public static final String TYPE = "TaxFormSubmitted";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.tax_form";
    }

    @Override
    public String aggregateId() {
        return userId.toString();
    }
}
