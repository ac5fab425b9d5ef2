package app.platform.audit.query.application;

import app.platform.audit.log.domain.HashChain;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Recomputes every chain (streamed, never held whole) and names the first broken link of each. */
@Service
public class VerifyChains {

    public record Report(boolean intact, long systemRows, Long systemFirstBrokenLink, long userRows, int users,
                         Map<UUID, Long> userFirstBrokenLinks) {
    }

    private final AuditQueries queries;

    public VerifyChains(AuditQueries queries) {
        this.queries = queries;
    }

    public Mono<Report> verify() {
        Mono<HashChain.Verifier> system = queries.systemChain().reduce(new HashChain.Verifier(), (v, link) -> {
            v.accept(link);
            return v;
        });
        Mono<Map<UUID, HashChain.Verifier>> users = queries.userChains().reduce(new HashMap<>(), (all, row) -> {
            all.computeIfAbsent(row.userId(), u -> new HashChain.Verifier()).accept(row.link());
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
