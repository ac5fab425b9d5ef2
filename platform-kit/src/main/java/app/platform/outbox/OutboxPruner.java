package app.platform.outbox;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import reactor.core.publisher.Mono;

/**
 * Outbox rows stay after they are written (so that rows written before cdc-relay first started are still there for
 * its initial snapshot) and are deleted once older than {@code platform.outbox.retention} (7 days by default): long
 * after the relay, whose lag is seconds, has passed them. Deletes are not captured, so pruning publishes nothing.
 */
public class OutboxPruner {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);
    private final DatabaseClient db;
    private final Duration retention;

    public OutboxPruner(DatabaseClient db, Duration retention) {
        this.db = db;
        this.retention = retention;
    }

    @Scheduled(initialDelayString = "${platform.outbox.prune-interval:PT1H}", fixedDelayString = "${platform.outbox.prune-interval:PT1H}")
    public Mono<Long> prune() {
        return db.sql("DELETE FROM outbox WHERE occurred_at < now() - make_interval(secs => :seconds)")
                .bind("seconds", (double) retention.toSeconds())
                .fetch().rowsUpdated()
                .doOnNext(n -> {
                    if (n > 0) {
                        log.info("pruned {} outbox rows older than {}", n, retention);
                    }
                });
    }
}
