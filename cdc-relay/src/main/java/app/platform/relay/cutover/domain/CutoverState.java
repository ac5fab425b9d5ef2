package app.platform.relay.cutover.domain;

import app.platform.errors.Conflict;
import java.util.Locale;

/**
 * Where the cutover stands: {@code capturing} the legacy database until it ends, once and for good, as
 * {@code finalized} (the new services are the system of record) or {@code rolled_back} (the legacy database stays it).
 */
public enum CutoverState {
    CAPTURING, FINALIZED, ROLLED_BACK;

    /** Whether the legacy database is still to be captured. */
    public boolean capturing() {
        return this == CAPTURING;
    }

    /**
     * The state after ending the cutover as {@code outcome}: the outcome while capturing; unchanged when it already
     * ended so (ending is idempotent).
     *
     * @throws Conflict when it already ended the other way
     */
    public CutoverState end(CutoverState outcome) {
        if (outcome == CAPTURING) {
            throw new IllegalArgumentException("a cutover ends finalized or rolled back");
        }
        if (this == outcome) {
            return this;
        }
        if (this != CAPTURING) {
            throw new Conflict("the cutover was " + value().replace('_', ' ') + " already");
        }
        return outcome;
    }

    /** As stored and shown: {@code capturing}, {@code finalized}, {@code rolled_back}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CutoverState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
