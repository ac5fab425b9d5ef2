package app.platform.outbox;

import app.platform.runtime.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Outbox rows stay after they are written (so that rows written before cdc-relay first started are still there for
 * its initial snapshot) and are deleted once older than {@code platform.outbox.retention} (7 days by default): long
 * after the relay, whose lag is seconds, has passed them. Deletes are not captured, so pruning publishes nothing.
 * A failed prune is logged by the scheduler and tried again at the next interval.
 */
public class OutboxPruner {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);
    private final ToLongFunction<OffsetDateTime> deleteBefore;
    private final Clock clock;
    private final Duration retention;

    private OutboxPruner(ToLongFunction<OffsetDateTime> deleteBefore, Clock clock, Duration retention) {
        this.deleteBefore = deleteBefore;
        this.clock = clock;
        this.retention = retention;
    }

    public static OutboxPruner of(ReactiveOutbox outbox, Clock clock, Duration retention) {
        return new OutboxPruner(outbox::prune, clock, retention);
    }

    public static OutboxPruner of(JdbcOutbox outbox, Clock clock, Duration retention) {
        return new OutboxPruner(outbox::prune, clock, retention);
    }

    @Scheduled(initialDelayString = "${platform.outbox.prune-interval:PT1H}", fixedDelayString = "${platform.outbox.prune-interval:PT1H}")
    public long prune() {
        long deleted = deleteBefore.applyAsLong(Times.utc(clock.instant().minus(retention)));
        if (deleted > 0) {
            log.info("pruned {} outbox rows older than {}", deleted, retention);
        }
        return deleted;
    }
}
