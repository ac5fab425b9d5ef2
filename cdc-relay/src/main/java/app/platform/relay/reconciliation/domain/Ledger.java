package app.platform.relay.reconciliation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What an owner imported of one legacy table (its ledger): each row's digest by id, the rows it could not import with
 * their reasons (in the owner's order), the rows it imported with a note, how many rows wait for what they reference,
 * and when the newest import's change was committed on the legacy side and applied (null when unknown).
 */
public record Ledger(Map<String, String> rows, Map<String, String> problems, Map<String, String> warnings, long waiting,
                     Instant lastSourceAt, Instant lastAppliedAt) {

    /** Milliseconds from the newest import's legacy commit to its application, never negative; null when unknown. */
    public Long lagMs() {
        if (lastSourceAt == null || lastAppliedAt == null) {
            return null;
        }
        return Math.max(0, Duration.between(lastSourceAt, lastAppliedAt).toMillis());
    }
}
