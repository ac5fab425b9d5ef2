package app.platform.events;

import java.util.UUID;

/** Who caused an event and which request it belongs to. */
public record EventMetadata(String correlationId, String actor) {

    public static final String SYSTEM = "system";

    public EventMetadata {
        if (correlationId == null || correlationId.isBlank()) {
            correlationId = UUID.randomUUID().toString();
        }
        if (actor == null || actor.isBlank()) {
            actor = SYSTEM;
        }
    }

    public static EventMetadata ofUser(String correlationId, UUID userId) {
        return new EventMetadata(correlationId, "user:" + userId);
    }

    /** Metadata for an event caused by consuming another one: same correlation id. */
    public static EventMetadata causedBy(EventEnvelope cause, String service) {
        return new EventMetadata(cause.correlationId(), "service:" + service);
    }
}
