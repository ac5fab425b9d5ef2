package app.platform.events.consumer;

import app.platform.events.EventEnvelope;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies an event at most once: the event id goes into {@code processed_event} in the same transaction as the
 * state change, so a redelivered event finds its id there and changes nothing.
 */
public class ReactiveIdempotentConsumer {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public ReactiveIdempotentConsumer(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Runs {@code work} in one transaction with the processed-event mark; emits false if it was a duplicate. */
    public Mono<Boolean> once(EventEnvelope event, Function<EventEnvelope, Mono<?>> work) {
        Mono<Boolean> firstTime = db.sql("""
                        INSERT INTO processed_event (event_id, event_type, processed_at) VALUES (:id, :type, now())
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind("id", event.eventId())
                .bind("type", event.eventType())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
        return tx.transactional(firstTime.flatMap(first -> first
                ? work.apply(event).then(Mono.just(true))
                : Mono.just(false)));
    }
}
