package app.platform.membership.dispute.application;

import app.platform.membership.dispute.application.Disputes.Dispute;
import app.platform.membership.dispute.application.Disputes.Message;
import app.platform.membership.dispute.domain.DisputeStatus;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Disputes}, implemented in {@code adapter.out}. */
public interface DisputeStore {
    /** Whether the subject (a payout or a membership) exists and is this member's. */
    Mono<Boolean> ownsSubject(UUID userId, String subjectType, UUID subjectId);

    Mono<Void> insert(Dispute dispute);

    /** Locked for a change; a member finds only their own. */
    Mono<Dispute> forUpdate(UUID id, UUID userIdOrNull);

    Mono<Void> addMessage(UUID id, Message message);

    Mono<Void> close(UUID id, DisputeStatus status, UUID by, Instant at);

    Flux<Dispute> ofUser(UUID userId);

    Flux<Dispute> open();
}
