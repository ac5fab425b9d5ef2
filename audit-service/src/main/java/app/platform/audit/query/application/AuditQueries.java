package app.platform.audit.query.application;

import app.platform.audit.log.domain.HashChain;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;

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

    Flux<Row> ofUser(UUID userId, long afterId, int limit);

    /** The system chain in order. */
    Flux<HashChain.Link> systemChain();

    /** Every user chain, one user after the other, each in order. */
    Flux<UserLink> userChains();

    record UserLink(UUID userId, HashChain.Link link) {
    }

    /** The newest checkpoint of each pruned chain, with its stored signature. */
    Flux<SignedCheckpoint> latestCheckpoints();

    record SignedCheckpoint(app.platform.audit.retention.domain.Checkpoint checkpoint, byte[] signature) {
    }
}
