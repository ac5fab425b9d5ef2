package app.platform.events;

import java.util.UUID;

/**
 * Who caused an event and which request it belongs to. A null correlation id means "the current request's": the
 * outbox fills it in (a new one outside a request).
 */
public record EventMetadata(String correlationId, String actor) {

    public static final String SYSTEM = "system";

    public EventMetadata {
        if (correlationId != null && correlationId.isBlank()) {
            correlationId = null;
        }
        if (actor == null || actor.isBlank()) {
            actor = SYSTEM;
        }
    }

    public static EventMetadata ofUser(String correlationId, UUID userId) {
        return new EventMetadata(correlationId, "user:" + userId);
    }

    /** This, or with {@code correlationId} if it has none ({@code null} gives a new one). */
    public EventMetadata orCorrelation(String correlationId) {
        if (this.correlationId != null) {
            return this;
        }
        return new EventMetadata(correlationId != null ? correlationId : UUID.randomUUID().toString(), actor);
    }

    /** Metadata for an event caused by consuming another one: same correlation id. */
    public static EventMetadata causedBy(EventEnvelope cause, String service) {
        return new EventMetadata(cause.correlationId(), "service:" + service);
    }
}
