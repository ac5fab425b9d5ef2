package app.platform.membership.queue.adapter.out.persistence;

import app.platform.membership.queue.application.QueueStore;
import app.platform.runtime.Times;
import app.platform.membership.queue.application.PayoutQueue;
import app.platform.membership.queue.domain.QueuePositions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The queue in {@code membership_queue}; position is unique, checked at commit, so a shift may pass through duplicates. */
@Repository
class R2dbcQueueStore implements QueueStore {

    /** The advisory lock key of the queue (any constant; one queue). */
    private static final long QUEUE_LOCK = 0x5155455545L;
    private final DatabaseClient db;

    R2dbcQueueStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> lock() {
        return db.sql("SELECT pg_advisory_xact_lock(:key)").bind("key", QUEUE_LOCK).then();
    }

    @Override
    public Mono<Integer> length() {
        return db.sql("SELECT coalesce(max(position), 0) AS n FROM membership_queue")
                .map((row, meta) -> row.get("n", Integer.class)).one();
    }

    @Override
    public Mono<Integer> lastImported() {
        return db.sql("SELECT coalesce(max(position), 0) AS n FROM membership_queue WHERE legacy_position IS NOT NULL")
                .map((row, meta) -> row.get("n", Integer.class)).one();
    }

    @Override
    public Mono<PayoutQueue.Entry> find(UUID userId) {
        return db.sql("SELECT user_id, position, joined_at FROM membership_queue WHERE user_id = :user").bind("user", userId)
                .map((row, meta) -> new PayoutQueue.Entry(row.get("user_id", UUID.class), row.get("position", Integer.class),
                        row.get("joined_at", OffsetDateTime.class).toInstant())).one();
    }

    @Override
    public Mono<Void> append(UUID userId, int position, Instant at) {
        return db.sql("INSERT INTO membership_queue (user_id, position, joined_at) VALUES (:user, :position, :at)")
                .bind("user", userId).bind("position", position).bind("at", Times.utc(at)).then();
    }

    @Override
    public Mono<Void> delete(UUID userId) {
        return db.sql("DELETE FROM membership_queue WHERE user_id = :user").bind("user", userId).then();
    }

    @Override
    public Mono<Void> shift(QueuePositions.Shift shift) {
        if (shift.first() > shift.last()) {
            return Mono.empty(); // nobody moves
        }
        return db.sql("UPDATE membership_queue SET position = position + :by WHERE position BETWEEN :first AND :last")
                .bind("by", shift.by()).bind("first", shift.first()).bind("last", shift.last()).then();
    }

    @Override
    public Mono<Void> reposition(UUID userId, int position) {
        return db.sql("UPDATE membership_queue SET position = :position WHERE user_id = :user")
                .bind("position", position).bind("user", userId).then();
    }

    @Override
    public Mono<Void> imported(UUID userId, int legacyPosition, Instant joinedAt) {
        return db.sql("UPDATE membership_queue SET legacy_position = :legacy, joined_at = :at WHERE user_id = :user")
                .bind("legacy", legacyPosition).bind("at", Times.utc(joinedAt)).bind("user", userId).then();
    }

    @Override
    public Mono<Void> forgetLegacyPosition(UUID userId) {
        return db.sql("UPDATE membership_queue SET legacy_position = NULL WHERE user_id = :user AND legacy_position IS NOT NULL")
                .bind("user", userId).then();
    }

    @Override
    public Mono<Void> orderImported() {
        // the n-th imported entry in legacy order takes the n-th place an imported entry holds; only those that move
        // are written (a permutation of the places: the position's uniqueness holds at the commit)
        return db.sql("""
                        WITH imported AS (SELECT user_id, position, legacy_position FROM membership_queue
                                          WHERE legacy_position IS NOT NULL),
                             place AS (SELECT position, row_number() OVER (ORDER BY position) AS n FROM imported),
                             ranked AS (SELECT user_id, position, row_number() OVER (ORDER BY legacy_position, position) AS n
                                        FROM imported)
                        UPDATE membership_queue q SET position = place.position
                        FROM ranked JOIN place ON place.n = ranked.n
                        WHERE q.user_id = ranked.user_id AND ranked.position <> place.position""").then();
    }

    @Override
    public Flux<PayoutQueue.Entry> all() {
        return db.sql("SELECT user_id, position, joined_at FROM membership_queue ORDER BY position")
                .map((row, meta) -> new PayoutQueue.Entry(row.get("user_id", UUID.class), row.get("position", Integer.class),
                        row.get("joined_at", OffsetDateTime.class).toInstant())).all();
    }
}
