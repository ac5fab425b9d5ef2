package app.platform.outbox;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.runtime.Times;
import java.util.Map;

/** The {@code outbox} table (db/platform/outbox) as both outboxes write and prune it. */
final class OutboxRows {

    static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at, correlation_id)
            VALUES (:id, :aggregatetype, :aggregateid, :type, CAST(:payload AS jsonb), :occurredAt, :correlationId)
            """;

    static final String PRUNE = "DELETE FROM outbox WHERE occurred_at < :before";

    private OutboxRows() {
    }

    static Map<String, Object> values(EventEnvelope envelope) {
        return Map.of(
                "id", envelope.eventId(),
                "aggregatetype", envelope.aggregateType(),
                "aggregateid", envelope.aggregateId(),
                "type", envelope.eventType(),
                "payload", EventJson.write(envelope),
                "occurredAt", Times.utc(envelope.occurredAt()),
                "correlationId", envelope.correlationId());
    }
}
