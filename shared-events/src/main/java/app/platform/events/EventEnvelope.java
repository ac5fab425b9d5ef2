package app.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What every event on every topic looks like (ARCHITECTURE section 3).
 *
 * @param actor who caused it: {@code user:<uuid>}, {@code system}, {@code service:<name>} or {@code legacy-import}
 * @param data  the event body; its shape is given by {@code schemas/<eventType>.v<schemaVersion>.json}
 */
public record EventEnvelope(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String aggregateType,
        String aggregateId,
        String correlationId,
        String actor,
        JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(data, "data");
    }

    /** Wraps a domain event in a fresh envelope (a new correlation id if the metadata has none). */
    public static EventEnvelope wrap(DomainEvent event, EventMetadata metadata, Instant now) {
        return new EventEnvelope(UUID.randomUUID(), event.eventType(), event.schemaVersion(), now,
                event.aggregateType(), event.aggregateId(), metadata.orCorrelation(null).correlationId(), metadata.actor(),
                EventJson.MAPPER.valueToTree(event));
    }

    /** The data as the record registered for this event type. */
    public <T> T dataAs(Class<T> type) {
        return EventJson.MAPPER.treeToValue(data, type);
    }

    public String topic() {
        return Topics.forAggregate(aggregateType);
    }
}
