package app.platform.outbox;

import app.platform.runtime.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Outbox rows stay after they are written (so that rows written before cdc-relay first started are still there for
 * its initial snapshot) and are deleted once older than {@code platform.outbox.retention} (7 days by default) <b>and
 * relayed</b>: never a row cdc-relay has not passed, however long it has been away. Each run marks the WAL position
 * and the time ({@code outbox_prune_mark}), while the relay's slot ({@code platform.outbox.relay-slot}) exists; once
 * the slot has confirmed a mark and its publication ({@code relay-publication}) holds this outbox, every row committed
 * before that mark's time was relayed. A slot dropped and made again between two runs would let the old marks count:
 * clear {@code outbox_prune_mark} when the relay's slot is made again by hand (the runbook says so). A row's
 * {@code occurred_at} is set in its transaction, before the commit: {@link #COMMIT_GRACE} covers the longest
 * transaction. No slot, or none past a mark: nothing is pruned (and it is said). Deletes are not captured, so pruning
 * publishes nothing. A failed prune is logged by the scheduler and tried again at the next interval.
 */
public class OutboxPruner {

    /** How much longer than its {@code occurred_at} a row's transaction may take to commit. */
    static final Duration COMMIT_GRACE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);

    /** What the pruner does to an outbox's tables. */
    interface Rows {
        /**
         * Marks the WAL position now; the time of the newest mark the relay's slot has confirmed, or null (also while
         * its publication does not hold this outbox).
         */
        OffsetDateTime markAndRelayedAt(String slot, String publication);

        /** Forgets the marks before {@code relayedAt}, and deletes the rows that occurred before {@code before}. */
        long prune(OffsetDateTime relayedAt, OffsetDateTime before);
    }

    private final Rows rows;
    private final Clock clock;
    private final Duration retention;
    private final String slot;
    private final String publication;

    private OutboxPruner(Rows rows, Clock clock, OutboxProperties properties) {
        this.rows = rows;
        this.clock = clock;
        this.retention = properties.retention();
        this.slot = properties.relaySlot();
        this.publication = properties.relayPublication();
    }

    public static OutboxPruner of(ReactiveOutbox outbox, Clock clock, OutboxProperties properties) {
        return new OutboxPruner(outbox.pruning(), clock, properties);
    }

    public static OutboxPruner of(JdbcOutbox outbox, Clock clock, OutboxProperties properties) {
        return new OutboxPruner(outbox.pruning(), clock, properties);
    }

    @Scheduled(initialDelayString = "${platform.outbox.prune-interval:PT1H}", fixedDelayString = "${platform.outbox.prune-interval:PT1H}")
    public long prune() {
        OffsetDateTime relayedAt = rows.markAndRelayedAt(slot, publication);
        if (relayedAt == null) {
            // said at each run: a table that only grows is an operator's to look at (the relay away, or its slot or
            // publication named otherwise than platform.outbox.relay-slot and relay-publication)
            log.warn("outbox not pruned: cdc-relay's slot {} has not confirmed a mark yet, or its publication {} does "
                    + "not hold this outbox", slot, publication);
            return 0;
        }
        OffsetDateTime retained = Times.utc(clock.instant().minus(retention));
        OffsetDateTime relayed = relayedAt.minus(COMMIT_GRACE);
        long deleted = rows.prune(relayedAt, retained.isBefore(relayed) ? retained : relayed);
        if (deleted > 0) {
            log.info("pruned {} outbox rows older than {} and relayed", deleted, retention);
        }
        return deleted;
    }
}
