package app.platform.membership.dispute.application;

import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.membership.DisputeOpened;
import app.platform.events.membership.DisputeResolved;
import app.platform.outbox.ReactiveOutbox;
import app.platform.membership.dispute.domain.DisputeStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Disputes: a member opens one against one of their payouts or their membership, both sides add messages (text
 * and evidence references), an operator resolves it, or the member withdraws it. While one is open, that member's
 * payouts wait.
 */
@Service
public class Disputes {

    public record Message(String from, String text, String evidence, Instant at) {
    }

    public record Dispute(UUID id, UUID userId, String subjectType, UUID subjectId, DisputeStatus status,
                          List<Message> messages, Instant openedAt, Instant resolvedAt) {
    }

    private static final Set<String> SUBJECTS = Set.of("payout", "membership");
    private final DisputeStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Disputes(DisputeStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Mono<Dispute> open(UUID userId, String subjectType, UUID subjectId, String text, String evidence,
                              EventMetadata metadata) {
        if (subjectType == null || !SUBJECTS.contains(subjectType) || subjectId == null) {
            return Mono.error(new InvalidInput("subjectType", "must be payout or membership, with its subjectId"));
        }
        Message first = message("member", text, evidence);
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return store.ownsSubject(userId, subjectType, subjectId)
                .flatMap(owned -> owned ? Mono.empty() : Mono.error(new NotFound(subjectType)))
                .then(store.insert(new Dispute(id, userId, subjectType, subjectId, DisputeStatus.OPEN, List.of(first), now, null)))
                .then(outbox.append(new DisputeOpened(id, userId, subjectType, subjectId, now), metadata))
                .then(store.forUpdate(id, userId));
    }

    /** A message from the member (their own dispute) or an operator ({@code member} null), while it is open (409). */
    @Transactional
    public Mono<Dispute> addMessage(UUID id, UUID member, String text, String evidence) {
        Message message = message(member == null ? "operator" : "member", text, evidence);
        return open(id, member).doOnNext(d -> d.status().message()).flatMap(d -> store.addMessage(id, message))
                .then(store.forUpdate(id, member));
    }

    @Transactional
    public Mono<Dispute> withdraw(UUID id, UUID member, EventMetadata metadata) {
        return open(id, member).flatMap(d -> close(d, d.status().withdraw(), member, metadata)).then(store.forUpdate(id, member));
    }

    @Transactional
    public Mono<Dispute> resolve(UUID id, UUID operator, String resolution, EventMetadata metadata) {
        return store.forUpdate(id, null).switchIfEmpty(Mono.error(() -> new NotFound("dispute")))
                .flatMap(d -> close(d, d.status().resolve(resolution), operator, metadata))
                .then(store.forUpdate(id, null));
    }

    public Flux<Dispute> mine(UUID userId) {
        return store.ofUser(userId);
    }

    public Flux<Dispute> open() {
        return store.open();
    }

    private Mono<Dispute> open(UUID id, UUID member) {
        return store.forUpdate(id, member).switchIfEmpty(Mono.error(() -> new NotFound("dispute")));
    }

    private Mono<Void> close(Dispute d, DisputeStatus to, UUID by, EventMetadata metadata) {
        Instant now = clock.instant();
        return store.close(d.id(), to, by, now)
                .then(outbox.append(new DisputeResolved(d.id(), d.userId(), to.value(), now), metadata)).then();
    }

    private Message message(String from, String text, String evidence) {
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw new InvalidInput("message", "Write 1 to 4000 characters.");
        }
        if (evidence != null && !evidence.matches("[a-z][a-z0-9+.-]*://[A-Za-z0-9._~/-]{8,200}")) {
            throw new InvalidInput("evidence", "must be a document-store reference such as docs://k3f9-a81c");
        }
        return new Message(from, text.strip(), evidence, clock.instant());
    }
}
