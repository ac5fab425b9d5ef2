package app.platform.relay.reconciliation.application;

import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.reconciliation.domain.Bucket;
import app.platform.relay.reconciliation.domain.GhostDelete;
import app.platform.relay.reconciliation.domain.Ledger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Removes ghost rows: rows an importer's ledger holds that the legacy table does not. They come from a snapshot taken
 * twice (the relay stopped mid initial snapshot: the first one's reads reached Kafka, then Debezium snapshots again
 * from a later point and streams from there), as a row read by the first snapshot and deleted before the second is
 * never emitted as a delete.
 * <p>
 * For one captured table, in one legacy snapshot at {@code S}: both sides' buckets are compared (as the reconciliation
 * does), the ids of the buckets that differ read from both, and every id the ledger holds that the legacy table does
 * not gets a delete on the table's topic, keyed as the capture keys the row, at position {@code S}
 * ({@link GhostDelete}): the owner applies it as any captured delete, unless the row changed after {@code S} (a
 * change the snapshot did not see committed is newer than the delete, whichever the owner meets first, and the row
 * stays).
 */
@Service
public class GhostRows {

    private static final Logger log = LoggerFactory.getLogger(GhostRows.class);

    /**
     * @param count       the deletes published (and acknowledged)
     * @param snapshotLsn the legacy snapshot's position, at which they were placed
     */
    public record Removed(String table, int count, String snapshotLsn) {
    }

    private final ReconciliationProperties props;
    private final Ledgers ledgers;
    private final LegacyTables legacyTables;
    private final LegacyDeletes deletes;
    private final Clock clock;

    public GhostRows(ReconciliationProperties props, Ledgers ledgers, LegacyTables legacyTables, LegacyDeletes deletes,
                     Clock clock) {
        this.props = props;
        this.ledgers = ledgers;
        this.legacyTables = legacyTables;
        this.deletes = deletes;
        this.clock = clock;
    }

    /** Each captured table a service imports, with that service, in the order the reconciliation reads them. */
    public Map<String, String> owners(LegacyCaptureProperties capture) {
        return props.ownerByTable(capture.tables());
    }

    /**
     * Publishes a delete for every ghost row of a captured table, and returns once Kafka acknowledged them.
     *
     * @throws IllegalArgumentException  when no service imports the table
     * @throws LegacyDatabaseUnreadable  when the legacy table cannot be read
     * @throws IllegalStateException     when the owner did not answer, or Kafka did not acknowledge the deletes
     */
    public Removed remove(LegacyCaptureProperties capture, String table) {
        String owner = owners(capture).get(table);
        if (owner == null) {
            throw new IllegalArgumentException("no service imports " + table + " (relay.reconciliation.owners)");
        }
        CompletableFuture<Ledger> answer = ledgers.ask(Map.of(table, owner)).get(table);
        String snapshotLsn;
        List<GhostDelete> ghosts;
        try (LegacyTables.Session legacyDb = legacyTables.open(capture)) {
            snapshotLsn = legacyDb.snapshotLsn();
            Map<String, Bucket> legacyBuckets = legacyDb.buckets(table);
            Ledger ledger = join(answer, owner);
            Set<String> differing = Bucket.differing(legacyBuckets, ledger.buckets());
            if (differing.isEmpty()) {
                log.info("ghost rows removed: 0 in {}", table);
                return new Removed(table, 0, snapshotLsn);
            }
            Set<String> legacyIds = legacyDb.digests(table, differing).keySet();
            Map<String, String> imported;
            try {
                imported = ledgers.rows(owner, table, differing);
            } catch (RuntimeException e) {
                throw new IllegalStateException(owner + " did not answer: " + e.getMessage(), e);
            }
            List<String> ids = imported.keySet().stream().filter(id -> !legacyIds.contains(id)).sorted().toList();
            boolean numericId = !ids.isEmpty() && legacyDb.numericId(table);
            Lsn position = Lsn.parse(snapshotLsn);
            long now = clock.millis();
            ghosts = ids.stream().map(id -> GhostDelete.of(table, id, numericId, position, legacyDb.transactions(), now))
                    .toList();
        }
        if (!ghosts.isEmpty()) {
            deletes.publish(capture.topic(table), ghosts);
            if (log.isDebugEnabled()) {
                log.debug("ghost rows of {} deleted at {}: {}", table, snapshotLsn,
                        ghosts.stream().map(GhostDelete::id).toList());
            }
        }
        log.info("ghost rows removed: {} in {}", ghosts.size(), table);
        return new Removed(table, ghosts.size(), snapshotLsn);
    }

    private static Ledger join(CompletableFuture<Ledger> answer, String owner) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(owner + " did not answer: " + cause.getMessage(), cause);
        }
    }
}
