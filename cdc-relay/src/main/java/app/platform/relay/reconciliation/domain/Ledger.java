package app.platform.relay.reconciliation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What an owner imported of one legacy table (its ledger): its rows per bucket, the digest by id of the rows of the
 * buckets read (all, or those that differ), the rows it could not import with their reasons (in the owner's order),
 * the rows it imported with a note, how many rows wait for what they reference, and when the newest import's change
 * was committed on the legacy side and applied (null when unknown).
 */
public record Ledger(Map<String, Bucket> buckets, Map<String, String> rows, Map<String, String> problems,
                     Map<String, String> warnings, long waiting, Instant lastSourceAt, Instant lastAppliedAt) {

    /** The same ledger with the digests of some buckets' rows. */
    public Ledger withRows(Map<String, String> read) {
        return new Ledger(buckets, read, problems, warnings, waiting, lastSourceAt, lastAppliedAt);
    }

    /** Milliseconds from the newest import's legacy commit to its application, never negative; null when unknown. */
    public Long lagMs() {
        if (lastSourceAt == null || lastAppliedAt == null) {
            return null;
        }
        return Math.max(0, Duration.between(lastSourceAt, lastAppliedAt).toMillis());
    }
}
