package app.platform.audit.query.application;

import app.platform.audit.log.domain.ChainEnd;
import app.platform.audit.log.domain.HashChain;
import app.platform.events.billing.TransactionFlagged;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading the audit log: searches for operators, a user's own history, and the chains for verification. */
public interface AuditQueries {

    /** A row as the API shows it. */
    record Row(long id, UUID eventId, String eventType, String aggregateType, String aggregateId, String actor,
               String correlationId, Instant occurredAt, Instant recordedAt, String data, String ipAddress,
               String userAgent) {
    }

    /** Any field may be null (no condition); rows after {@code afterId}, in id order, at most {@code limit}. */
    record Filter(UUID user, String aggregateType, String aggregateId, String eventType, Instant from, Instant to,
                  String correlationId, long afterId, int limit) {
    }

    Flux<Row> search(Filter filter);

    /**
     * Events about a member that only operators see, though they are in the member's chain: billing's fraud alerts
     * ({@code TransactionFlagged}) would tip off the member they flag.
     */
    Set<String> OPERATORS_ONLY = Set.of(TransactionFlagged.TYPE);

    /** What a member sees of their own history: their chain, but the {@link #OPERATORS_ONLY} events. */
    Flux<Row> ofUser(UUID userId, long afterId, int limit);

    /** The system chain in order. */
    Flux<HashChain.Link> systemChain();

    /** Every user chain, one user after the other, each in order. */
    Flux<UserLink> userChains();

    record UserLink(UUID userId, HashChain.Link link) {
    }

    /** The system chain's anchored end, with its stored signature, if an append anchored one. */
    Mono<SignedEnd> systemEnd();

    record SignedEnd(ChainEnd end, byte[] signature) {
    }

    /** The newest checkpoint of each pruned chain, with its stored signature. */
    Flux<SignedCheckpoint> latestCheckpoints();

    record SignedCheckpoint(app.platform.audit.retention.domain.Checkpoint checkpoint, byte[] signature) {
    }
}
