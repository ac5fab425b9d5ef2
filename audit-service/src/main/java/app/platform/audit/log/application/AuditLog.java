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

    /**
     * Where the system chain stands for its next anchor, read in one statement under the chain's lock
     * ({@link #lockSystemChainAndReadHead} first): its newest row's id, the anchored end (null before the first
     * anchor) and whether the anchored row is still there as anchored, or was pruned under a checkpoint.
     */
    Mono<EndNow> systemEndNow();

    record EndNow(long newestId, ChainEnd anchored, boolean held) {
    }

    /** Anchors the system chain's end. */
    Mono<Void> anchorSystemEnd(ChainEnd end, byte[] signature);

    /** Inserts chained entries in order: one statement for each table they go to. */
    Mono<Void> insertAll(List<Chained> links);
}
