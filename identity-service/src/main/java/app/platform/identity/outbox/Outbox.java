package app.platform.identity.outbox;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
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
    private final Duration retention;

    public Outbox(JdbcClient jdbc, Clock clock, @Value("${platform.outbox.retention:P7D}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    /** Rows stay for cdc-relay's first snapshot and go once far older than its lag; deletes publish nothing. */
    @Scheduled(initialDelayString = "${platform.outbox.prune-interval:PT1H}", fixedDelayString = "${platform.outbox.prune-interval:PT1H}")
    public int prune() {
        return jdbc.sql("DELETE FROM outbox WHERE occurred_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(retention))).update();
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
