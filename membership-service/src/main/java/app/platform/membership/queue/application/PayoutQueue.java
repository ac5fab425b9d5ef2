package app.platform.membership.queue.application;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.membership.QueueJoined;
import app.platform.events.membership.QueueLeft;
import app.platform.events.membership.QueuePositionChanged;
import app.platform.outbox.ReactiveOutbox;
import app.platform.membership.membership.domain.ActiveMember;
import app.platform.membership.queue.domain.QueuePositions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The payout queue. An {@link ActiveMember} joins once; the positions follow {@link QueuePositions}: joining takes
 * the next one, leaving moves everyone behind up one, an operator's move (with a reason) shifts the entries in
 * between. Every change holds the queue lock, so concurrent joins and leaves are applied one at a time.
 */
@Service
public class PayoutQueue {

    public record Entry(UUID userId, int position, Instant joinedAt) {
    }

    public record Standing(int position, int queueLength, Instant estimatedPayoutDate) {
    }

    private final QueueStore store;
    private final Members members;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Duration cadence;

    public PayoutQueue(QueueStore store, Members members, ReactiveOutbox outbox, Clock clock,
                       PayoutSettings settings) {
        this.store = store;
        this.members = members;
        this.outbox = outbox;
        this.clock = clock;
        this.cadence = settings.cadence();
    }

    @Transactional
    public Mono<Standing> join(UUID userId, EventMetadata metadata) {
        // the queue's lock first: a membership ending meanwhile takes its member out under it, so its status is read
        // either before the join (it takes the member out after) or after (the join is refused)
        return store.lock().then(members.liveStatus(userId)).filter(ActiveMember::is)
                .switchIfEmpty(Mono.error(() -> new Conflict("Only an active member can join the queue.")))
                .then(store.find(userId).flatMap(e -> Mono.<Integer>error(new Conflict("You are in the queue already, at "
                        + e.position() + "."))).switchIfEmpty(store.length()))
                .flatMap(length -> {
                    int position = new QueuePositions(length).next();
                    Instant now = clock.instant();
                    return store.append(userId, position, now)
                            .then(outbox.append(new QueueJoined(userId, position, now), metadata));
                })
                .then(standing(userId));
    }

    @Transactional
    public Mono<Void> leave(UUID userId, EventMetadata metadata) {
        return store.lock().then(store.find(userId)).switchIfEmpty(Mono.error(() -> new NotFound("queue entry")))
                .flatMap(entry -> remove(entry, "left", metadata));
    }

    /** Takes the member out if queued (paid out, membership ended, imported removal); runs in the caller's transaction. */
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
                    int from = found.getT1().position();
                    // an operator's move stands: the entry is no longer ordered by its legacy position (orderImported)
                    // until its legacy row changes again
                    Mono<Void> moved = reposition(userId, new QueuePositions(found.getT2()), from, to)
                            .then(store.forgetLegacyPosition(userId));
                    return to == from ? moved : moved.then(outbox.append(new QueuePositionChanged(userId, from, to,
                            reason.strip(), operator, clock.instant()), metadata)).then();
                })
                .then(standing(userId));
    }

    /**
     * The cutover's import of a legacy entry, which needs no membership (legacy rows arrive in any order): a member not
     * queued joins right behind the imported entries ({@code QueueJoined} there, dated {@code joinedAt}), in front of
     * any entry joined here, which moves back one; a queued one keeps its place, but for one behind an entry joined
     * here (an operator moved it there), which goes back right behind the imported entries, unannounced. Either way the
     * entry keeps its legacy position and the legacy time it joined, and {@link #orderImported} then gives the imported
     * entries their legacy order: the imported entries come first, in legacy order, as the legacy queue reads back
     * (the failback's check and its reverse stream). Runs in the caller's transaction, under the queue's lock.
     */
    public Mono<Void> place(UUID userId, int legacyPosition, Instant joinedAt, EventMetadata metadata) {
        return store.lock().then(Mono.zip(store.find(userId).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        store.length(), store.lastImported()))
                .flatMap(queue -> {
                    QueuePositions positions = new QueuePositions(queue.getT2());
                    int place = queue.getT3() + 1;
                    if (queue.getT1().isPresent()) {
                        int from = queue.getT1().get().position();
                        return from > place ? reposition(userId, positions, from, place) : Mono.<Void>empty();
                    }
                    return store.shift(positions.insert(place))
                            .then(store.append(userId, place, joinedAt))
                            .then(outbox.append(new QueueJoined(userId, place, joinedAt), metadata)).then();
                })
                .then(store.imported(userId, legacyPosition, joinedAt));
    }

    /**
     * Puts the imported entries in their legacy order (by legacy position, then as they stand) in the places they hold
     * between them, unannounced; the entries joined here keep theirs (behind them), and the positions stay dense. Once
     * per batch of the import, after it placed its entries: one statement for the batch, where moving each entry into
     * its place as it came shifted every imported entry behind it, O(n²) for entries arriving out of order (the
     * queue's rows wait for their users, and are released in the users' order). Runs in the caller's transaction.
     */
    public Mono<Void> orderImported() {
        return store.lock().then(store.orderImported());
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

    /** Moves the member's entry from {@code from} to {@code to} of {@code positions}, shifting those in between. */
    private Mono<Void> reposition(UUID userId, QueuePositions positions, int from, int to) {
        QueuePositions.Shift shift = positions.move(from, to);
        return to == from ? Mono.empty() : store.shift(shift).then(store.reposition(userId, to));
    }

    private Mono<Void> remove(Entry entry, String reason, EventMetadata metadata) {
        return store.length()
                .flatMap(length -> store.delete(entry.userId())
                        .then(store.shift(new QueuePositions(length).leave(entry.position()))))
                .then(outbox.append(new QueueLeft(entry.userId(), entry.position(), reason, clock.instant()), metadata))
                .then();
    }
}
