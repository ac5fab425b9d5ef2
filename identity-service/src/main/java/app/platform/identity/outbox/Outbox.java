package app.platform.identity.outbox;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The publishing port: one {@code outbox} row in the caller's transaction (it must have one). cdc-relay relays
 * it to Kafka; nothing here talks to Kafka, so there is no dual write.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope append(DomainEvent event, EventMetadata metadata) {
        EventEnvelope envelope = EventEnvelope.wrap(event, metadata, clock.instant());
        jdbc.sql("""
                        INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at, correlation_id)
                        VALUES (:id, :aggregatetype, :aggregateid, :type, CAST(:payload AS jsonb), :occurredAt, :correlationId)""")
                .param("id", envelope.eventId())
                .param("aggregatetype", envelope.aggregateType())
                .param("aggregateid", envelope.aggregateId())
                .param("type", envelope.eventType())
                .param("payload", EventJson.write(envelope))
                .param("occurredAt", Timestamp.from(envelope.occurredAt()))
                .param("correlationId", envelope.correlationId())
                .update();
        return envelope;
    }
}
