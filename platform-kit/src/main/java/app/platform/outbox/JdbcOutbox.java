package app.platform.outbox;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.web.Correlation;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The publishing port of the servlet services: one {@code outbox} row in the caller's JDBC transaction (it must have
 * one). cdc-relay relays it to Kafka; nothing here talks to Kafka, so there is no dual write. An event without a
 * correlation id takes the request's, from the MDC.
 */
public class JdbcOutbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope append(DomainEvent event, EventMetadata metadata) {
        EventEnvelope envelope = EventEnvelope.wrap(event, metadata.orCorrelation(MDC.get(Correlation.KEY)), clock.instant());
        jdbc.sql(OutboxRows.INSERT).params(OutboxRows.values(envelope)).update();
        return envelope;
    }

    /** What {@link OutboxPruner} does to this outbox's tables (a method: the outbox may be a proxy). */
    OutboxPruner.Rows pruning() {
        return new OutboxPruner.Rows() {
            @Override
            public OffsetDateTime markAndRelayedAt(String slot, String publication) {
                jdbc.sql(OutboxRows.FORGET_SLOT).param("slot", slot).update();
                jdbc.sql(OutboxRows.MARK).param("slot", slot).update();
                return jdbc.sql(OutboxRows.RELAYED_AT).param("slot", slot).param("publication", publication).query(OffsetDateTime.class).list().stream()
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }

            @Override
            public long prune(OffsetDateTime relayedAt, OffsetDateTime before) {
                jdbc.sql(OutboxRows.FORGET_MARKS).param("relayedAt", relayedAt).update();
                return jdbc.sql(OutboxRows.PRUNE).param("before", before).update();
            }
        };
    }
}
