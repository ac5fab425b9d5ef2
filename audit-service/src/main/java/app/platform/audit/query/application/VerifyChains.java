package app.platform.audit.query.application;

import app.platform.audit.log.domain.HashChain;
import app.platform.audit.retention.application.Retention;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Recomputes every chain (streamed, never held whole) and names the first broken link of each; a pruned chain is
 * checked from its signed checkpoint.
 */
@Service
public class VerifyChains {

    public record Report(boolean intact, long systemRows, Long systemFirstBrokenLink, long userRows, int users,
                         Map<UUID, Long> userFirstBrokenLinks) {
    }

    private final AuditQueries queries;
    private final Retention retention;

    public VerifyChains(AuditQueries queries, Retention retention) {
        this.queries = queries;
        this.retention = retention;
    }

    /** A pruned chain starts at its newest checkpoint, trusted only when its signature holds. */
    public Mono<Report> verify() {
        return queries.latestCheckpoints().collectMap(c -> c.checkpoint().chain()).flatMap(this::verify);
    }

    private Mono<Report> verify(Map<String, AuditQueries.SignedCheckpoint> checkpoints) {
        byte[] key = retention.key();
        java.util.function.Function<String, HashChain.Verifier> start = chain -> {
            AuditQueries.SignedCheckpoint c = checkpoints.get(chain);
            return c == null ? new HashChain.Verifier()
                    : new HashChain.Verifier(c.checkpoint().throughHash(), c.checkpoint().signedBy(key, c.signature()));
        };
        Mono<HashChain.Verifier> system = queries.systemChain().reduce(start.apply(Retention.chainOf(null)), (v, link) -> {
            v.accept(link);
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
            return new Report(systemBroken == null && broken.isEmpty(), t.getT1().checked(), systemBroken, userRows,
                    t.getT2().size(), broken);
        });
    }
}
