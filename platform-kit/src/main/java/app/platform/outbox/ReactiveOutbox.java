package app.platform.outbox;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The publishing port of the reactive services: writes one {@code outbox} row through the caller's R2DBC
 * connection, so it commits or rolls back with the caller's state change (run it inside the same
 * {@code TransactionalOperator}). cdc-relay's Debezium engine relays the row to Kafka; nothing here talks to Kafka.
 */
public class ReactiveOutbox {

    static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at, correlation_id)
            VALUES (:id, :aggregatetype, :aggregateid, :type, CAST(:payload AS jsonb), :occurredAt, :correlationId)
            """;

    private final DatabaseClient db;
    private final Clock clock;

    public ReactiveOutbox(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<EventEnvelope> append(DomainEvent event, EventMetadata metadata) {
        EventEnvelope envelope = EventEnvelope.wrap(event, metadata, clock.instant());
        return db.sql(INSERT)
                .bind("id", envelope.eventId())
                .bind("aggregatetype", envelope.aggregateType())
                .bind("aggregateid", envelope.aggregateId())
                .bind("type", envelope.eventType())
                .bind("payload", EventJson.write(envelope))
                .bind("occurredAt", OffsetDateTime.ofInstant(envelope.occurredAt(), ZoneOffset.UTC))
                .bind("correlationId", envelope.correlationId())
                .then()
                .thenReturn(envelope);
    }
}
