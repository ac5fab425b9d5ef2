package app.platform.audit.query.application;

import app.platform.audit.log.domain.ChainEnd;
import app.platform.audit.log.domain.HashChain;
import app.platform.audit.retention.application.Retention;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Recomputes every chain (streamed, never held whole) and names the first broken link of each; a pruned chain is
 * checked from its signed checkpoint. The system chain must also still hold its anchored end ({@link ChainEnd}, read
 * before the chain, which may have grown since), or have pruned it under its checkpoint: {@code systemEndProblem}
 * says why not ({@code missing}: rows were deleted from its end; {@code diverged}: an append found them deleted;
 * {@code unsigned}: the anchor's signature fails). A log with no anchor (nothing appended since this version) has
 * none; the anchor's row is never deleted (a trigger, and the service's role has no right to).
 */
@Service
public class VerifyChains {

    public record Report(boolean intact, long systemRows, Long systemFirstBrokenLink, String systemEndProblem,
                         long userRows, int users, Map<UUID, Long> userFirstBrokenLinks) {
    }

    private final AuditQueries queries;
    private final Retention retention;

    public VerifyChains(AuditQueries queries, Retention retention) {
        this.queries = queries;
        this.retention = retention;
    }

    /** A pruned chain starts at its newest checkpoint, trusted only when its signature holds. */
    public Mono<Report> verify() {
        return queries.systemEnd().map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(end -> queries.latestCheckpoints().collectMap(c -> c.checkpoint().chain())
                        .flatMap(checkpoints -> verify(checkpoints, end.orElse(null))));
    }

    private Mono<Report> verify(Map<String, AuditQueries.SignedCheckpoint> checkpoints, AuditQueries.SignedEnd end) {
        byte[] key = retention.key();
        boolean[] endFound = {end == null};
        Function<String, HashChain.Verifier> start = chain -> {
            AuditQueries.SignedCheckpoint c = checkpoints.get(chain);
            return c == null ? new HashChain.Verifier()
                    : new HashChain.Verifier(c.checkpoint().throughHash(), c.checkpoint().signedBy(key, c.signature()));
        };
        Mono<HashChain.Verifier> system = queries.systemChain().reduce(start.apply(Retention.chainOf(null)), (v, link) -> {
            v.accept(link);
            endFound[0] |= end != null && link.id() == end.end().id() && Arrays.equals(link.hash(), end.end().hash());
            return v;
        });
        Mono<Map<UUID, HashChain.Verifier>> users = queries.userChains().reduce(new HashMap<>(), (all, row) -> {
            all.computeIfAbsent(row.userId(), u -> start.apply(Retention.chainOf(u))).accept(row.link());
            return all;
        });
        return Mono.zip(system, users).map(t -> {
            Map<UUID, Long> broken = new HashMap<>();
            long userRows = 0;
            for (var e : t.getT2().entrySet()) {
                userRows += e.getValue().checked();
                e.getValue().firstBroken().ifPresent(id -> broken.put(e.getKey(), id));
            }
            Long systemBroken = t.getT1().firstBroken().orElse(null);
            AuditQueries.SignedCheckpoint pruned = checkpoints.get(Retention.chainOf(null));
            boolean endPruned = end != null && pruned != null && pruned.checkpoint().throughId() >= end.end().id();
            String endProblem = end == null ? null : !end.end().signedBy(key, end.signature()) ? "unsigned"
                    : end.end().divergedFrom() != null ? "diverged" : !endFound[0] && !endPruned ? "missing" : null;
            return new Report(systemBroken == null && endProblem == null && broken.isEmpty(), t.getT1().checked(),
                    systemBroken, endProblem, userRows, t.getT2().size(), broken);
        });
    }
}
