package app.platform.consumer;

import app.platform.events.EventEnvelope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    /**
     * The batch form: marks every event of the batch in one statement and runs {@code work} once, in the same
     * transaction, on those not seen before (in their order, each id once); emits how many that were.
     */
    public Mono<Integer> onceEach(List<EventEnvelope> events, Function<List<EventEnvelope>, Mono<?>> work) {
        Map<UUID, EventEnvelope> distinct = new LinkedHashMap<>();
        events.forEach(e -> distinct.putIfAbsent(e.eventId(), e));
        if (distinct.isEmpty()) {
            return Mono.just(0);
        }
        Mono<List<EventEnvelope>> fresh = db.sql("""
                        INSERT INTO processed_event (event_id, event_type, processed_at)
                        SELECT id, type, now() FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS varchar[])) AS t(id, type)
                        ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")
                .bind("ids", distinct.keySet().toArray(UUID[]::new))
                .bind("types", distinct.values().stream().map(EventEnvelope::eventType).toArray(String[]::new))
                .map(row -> row.get(0, UUID.class)).all().collect(Collectors.toSet())
                .map(ids -> distinct.values().stream().filter(e -> ids.contains(e.eventId())).toList());
        return tx.transactional(fresh.flatMap(todo -> todo.isEmpty() ? Mono.just(0)
                : work.apply(todo).then(Mono.just(todo.size()))));
    }
}
