package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment provider's webhook was rejected (bad or missing signature, outside the tolerance, unreadable) or replayed
 * (an event id processed before: acknowledged, not applied again).
 */
public record ProviderWebhookRejected(UUID webhookId, String reason, String sourceAddress, Instant receivedAt) implements DomainEvent {

    public static final String TYPE = "ProviderWebhookRejected";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "billing.webhook";
    }

    @Override
    public String aggregateId() {
        return webhookId.toString();
    }
}
