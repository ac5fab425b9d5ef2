package app.platform.audit.log.application;

import app.platform.audit.log.application.AppendToAuditLog.Chained;
import app.platform.audit.log.domain.ChainEnd;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The persistence port of the chains. */
public interface AuditLog {

    /** Serialises writers of the system chain for this transaction; emits the newest row's hash, if any. */
    Mono<byte[]> lockSystemChainAndReadHead();

    /** Serialises writers of these users' chains for this transaction; their newest rows' hashes (none if new). */
    Mono<Map<UUID, byte[]>> lockUserChainsAndReadHeads(Set<UUID> users);

    /** The system chain's anchored end, locked with the chain ({@link #lockSystemChainAndReadHead} first), if any. */
    Mono<ChainEnd> systemEnd();

    /** Whether the anchored row is still in the system chain as anchored, or was pruned under a checkpoint. */
    Mono<Boolean> holds(ChainEnd end);

    /** The id of the system chain's newest row (the chain locked). */
    Mono<Long> systemHeadId();

    /** Anchors the system chain's end. */
    Mono<Void> anchorSystemEnd(ChainEnd end, byte[] signature);

    /** Inserts chained entries in order: one statement for each table they go to. */
    Mono<Void> insertAll(List<Chained> links);
}
