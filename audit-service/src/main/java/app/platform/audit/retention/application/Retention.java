package app.platform.audit.retention.application;

import app.platform.audit.retention.domain.Checkpoint;
import app.platform.errors.Conflict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Per-table retention ({@code audit.retention.system}, {@code audit.retention.user}; zero keeps everything): the
 * oldest rows of each chain, up to the first one that is still within the retention, are deleted by the
 * {@code audit_pruner} role in one transaction with a signed {@link Checkpoint}. Runs every
 * {@code audit.retention.interval} when the pruner's credentials are configured.
 */
@Service
public class Retention {

    public record Result(long systemRowsPruned, long userRowsPruned, int userChainsPruned) {
    }

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private final Pruner pruner;
    private final Clock clock;
    private final Duration system;
    private final Duration user;
    private final byte[] key;

    public Retention(Pruner pruner, Clock clock, RetentionSettings settings) {
        this.pruner = pruner;
        this.clock = clock;
        this.system = settings.system();
        this.user = settings.user();
        this.key = Base64.getDecoder().decode(settings.checkpointKey());
    }

    public byte[] key() {
        return key.clone();
    }

    @Scheduled(fixedDelayString = "${audit.retention.interval:PT1H}", initialDelayString = "${audit.retention.interval:PT1H}")
    void scheduled() {
        if (pruner.configured()) {
            try {
                Result result = run().block();
                log.info("audit retention: {}", result);
            } catch (RuntimeException e) {
                log.warn("audit retention failed: {}", e.toString());
            }
        }
    }

    public Mono<Result> run() {
        return Mono.fromCallable(() -> {
            if (!pruner.configured()) {
                throw new Conflict("the pruner's credentials (AUDIT_PRUNER_DB_USER, AUDIT_PRUNER_DB_PASSWORD) are not configured");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            CheckpointSigner signer = c -> c.sign(key);
            long systemRows = system.isZero() ? 0
                    : pruner.pruneSystem(now.minus(system), signer).map(Checkpoint::rowsPruned).orElse(0L);
            List<Checkpoint> users = user.isZero() ? List.of() : pruner.pruneUsers(now.minus(user), signer);
            return new Result(systemRows, users.stream().mapToLong(Checkpoint::rowsPruned).sum(), users.size());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** The chain name of a user's chain in checkpoints. */
    public static String chainOf(UUID user) {
        return user == null ? "system" : user.toString();
    }
}
