package app.platform.membership.queue.application;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.membership.QueueJoined;
import app.platform.events.membership.QueueLeft;
import app.platform.events.membership.QueuePositionChanged;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The payout queue. An active member joins once and gets the next position; positions stay 1..n without gaps:
 * leaving moves everyone behind up one, an operator's move (with a reason) shifts the entries in between. Every
 * change holds the queue lock, so concurrent joins and leaves are applied one at a time.
 */
@Service
public class PayoutQueue {

    public record Entry(UUID userId, int position, Instant joinedAt) {
    }

    public record Standing(int position, int queueLength, Instant estimatedPayoutDate) {
    }

    public interface QueueStore {
        /** Takes the queue lock until the transaction ends. */
        Mono<Void> lock();

        Mono<Integer> length();

        Mono<Entry> find(UUID userId);

        Mono<Void> append(UUID userId, int position, Instant at);

        /** Removes the entry and moves everyone behind it up one. */
        Mono<Void> remove(Entry entry);

        /** Moves the entry to {@code to}, shifting the entries in between by one. */
        Mono<Void> move(Entry entry, int to);

        Flux<Entry> all();
    }

    /** Whether a member may join: their membership is active. */
    public interface Members {
        Mono<Boolean> active(UUID userId);
    }

    private final QueueStore store;
    private final Members members;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Duration cadence;

    public PayoutQueue(QueueStore store, Members members, ReactiveOutbox outbox, Clock clock,
                       @Value("${membership.payouts.cadence:P7D}") Duration cadence) {
        this.store = store;
        this.members = members;
        this.outbox = outbox;
        this.clock = clock;
        this.cadence = cadence;
    }

    @Transactional
    public Mono<Standing> join(UUID userId, EventMetadata metadata) {
        return members.active(userId)
                .flatMap(active -> active ? store.lock() : Mono.error(new Conflict("Only an active member can join the queue.")))
                .then(store.find(userId).flatMap(e -> Mono.<Integer>error(new Conflict("You are in the queue already, at "
                        + e.position() + "."))).switchIfEmpty(store.length()))
                .flatMap(length -> {
                    Instant now = clock.instant();
                    return store.append(userId, length + 1, now)
                            .then(outbox.append(new QueueJoined(userId, length + 1, now), metadata));
                })
                .then(standing(userId));
    }

    @Transactional
    public Mono<Void> leave(UUID userId, EventMetadata metadata) {
        return store.lock().then(store.find(userId)).switchIfEmpty(Mono.error(() -> new NotFound("queue entry")))
                .flatMap(entry -> remove(entry, "left", metadata));
    }

    /** Takes the member out if queued (paid out, membership ended); runs in the caller's transaction. */
    public Mono<Void> leaveIfQueued(UUID userId, String reason, EventMetadata metadata) {
        return store.lock().then(store.find(userId)).flatMap(entry -> remove(entry, reason, metadata));
    }

    @Transactional
    public Mono<Standing> move(UUID operator, UUID userId, int to, String reason, EventMetadata metadata) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            return Mono.error(new InvalidInput("reason", "Say why the entry moves (1 to 500 characters)."));
        }
        return store.lock().then(store.find(userId)).switchIfEmpty(Mono.error(() -> new NotFound("queue entry")))
                .zipWith(store.length())
                .flatMap(found -> {
                    Entry entry = found.getT1();
                    if (to < 1 || to > found.getT2()) {
                        return Mono.error(new InvalidInput("position", "must be between 1 and " + found.getT2()));
                    }
                    return to == entry.position() ? Mono.empty() : store.move(entry, to)
                            .then(outbox.append(new QueuePositionChanged(userId, entry.position(), to, reason.strip(),
                                    operator, clock.instant()), metadata));
                })
                .then(standing(userId));
    }

    /** My place, the queue's length, and an estimate: one payout per cadence, in queue order. */
    public Mono<Standing> standing(UUID userId) {
        return store.find(userId).switchIfEmpty(Mono.error(() -> new NotFound("queue entry")))
                .zipWith(store.length())
                .map(t -> new Standing(t.getT1().position(), t.getT2(),
                        clock.instant().plus(cadence.multipliedBy(t.getT1().position()))));
    }

    public Flux<Entry> all() {
        return store.all();
    }

    private Mono<Void> remove(Entry entry, String reason, EventMetadata metadata) {
        return store.remove(entry)
                .then(outbox.append(new QueueLeft(entry.userId(), entry.position(), reason, clock.instant()), metadata))
                .then();
    }
}
