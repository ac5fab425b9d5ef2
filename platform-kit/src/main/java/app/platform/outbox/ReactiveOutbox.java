package app.platform.outbox;

import app.platform.events.DomainEvent;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.web.Correlation;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The publishing port of the reactive services: writes one {@code outbox} row through the caller's R2DBC
 * connection, so it commits or rolls back with the caller's state change (run it inside the same
 * {@code TransactionalOperator}). cdc-relay's Debezium engine relays the row to Kafka; nothing here talks to Kafka.
 * An event without a correlation id takes the request's, from the Reactor context.
 */
public class ReactiveOutbox {

    /** The pruner runs on the scheduler's thread: it may block, this long at most. */
    private static final Duration WAIT = Duration.ofMinutes(5);
    private final DatabaseClient db;
    private final Clock clock;

    public ReactiveOutbox(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<EventEnvelope> append(DomainEvent event, EventMetadata metadata) {
        return Mono.deferContextual(context -> {
            EventMetadata inRequest = metadata.orCorrelation(context.<String>getOrEmpty(Correlation.KEY).orElse(null));
            EventEnvelope envelope = EventEnvelope.wrap(event, inRequest, clock.instant());
            DatabaseClient.GenericExecuteSpec insert = db.sql(OutboxRows.INSERT);
            for (var value : OutboxRows.values(envelope).entrySet()) {
                insert = insert.bind(value.getKey(), value.getValue());
            }
            return insert.then().thenReturn(envelope);
        });
    }

    /** What {@link OutboxPruner} does to this outbox's tables (a method: the outbox may be a proxy). */
    OutboxPruner.Rows pruning() {
        return new OutboxPruner.Rows() {
            @Override
            public OffsetDateTime markAndRelayedAt(String slot, String publication) {
                return db.sql(OutboxRows.FORGET_SLOT).bind("slot", slot).then()
                        .then(db.sql(OutboxRows.MARK).bind("slot", slot).then())
                        .then(db.sql(OutboxRows.RELAYED_AT).bind("slot", slot).bind("publication", publication)
                                .map(row -> Optional.ofNullable(row.get(0, OffsetDateTime.class))).one())
                        .block(WAIT).orElse(null);
            }

            @Override
            public long prune(OffsetDateTime relayedAt, OffsetDateTime before) {
                Long deleted = db.sql(OutboxRows.FORGET_MARKS).bind("relayedAt", relayedAt).then()
                        .then(db.sql(OutboxRows.PRUNE).bind("before", before).fetch().rowsUpdated()).block(WAIT);
                return deleted == null ? 0 : deleted;
            }
        };
    }
}
