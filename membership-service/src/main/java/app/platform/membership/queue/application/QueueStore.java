package app.platform.membership.queue.application;

import app.platform.membership.queue.application.PayoutQueue.Entry;
import app.platform.membership.queue.domain.QueuePositions;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link PayoutQueue}, implemented in {@code adapter.out}. */
public interface QueueStore {
    /** Takes the queue lock until the transaction ends. */
    Mono<Void> lock();

    /** How many are queued: the last position, as positions are dense ({@link QueuePositions}); one index probe. */
    Mono<Integer> length();

    Mono<Entry> find(UUID userId);

    /** The last place an entry with a legacy position holds (0 when none does); one index probe. */
    Mono<Integer> lastImported();

    Mono<Void> append(UUID userId, int position, Instant at);

    /** Takes the member's entry out; the others keep their positions. */
    Mono<Void> delete(UUID userId);

    /** Moves the entries the shift names by its step. */
    Mono<Void> shift(QueuePositions.Shift shift);

    /** Puts the member's entry at {@code position}. */
    Mono<Void> reposition(UUID userId, int position);

    /** Gives the member's entry the legacy position and the time joined it was imported with. */
    Mono<Void> imported(UUID userId, int legacyPosition, Instant joinedAt);

    /** The member's entry is no longer ordered by a legacy position. */
    Mono<Void> forgetLegacyPosition(UUID userId);

    /**
     * Gives the entries that have a legacy position the places they hold between them in the order of their legacy
     * positions (then of their places now); the others keep theirs.
     */
    Mono<Void> orderImported();

    Flux<Entry> all();
}
