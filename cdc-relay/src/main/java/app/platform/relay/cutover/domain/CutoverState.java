package app.platform.relay.cutover.domain;

import app.platform.errors.Conflict;
import java.util.Locale;

/**
 * Where the cutover stands, as a runbook with a gate: {@code capturing} the legacy database; {@code frozen} (the
 * legacy app's roles read-only, a fence LSN taken); {@code drained} (the capture and every importer past the fence);
 * {@code verified} (the report matched, drained at that fence); then, once and for good, {@code finalized} (the new
 * services are the system of record) or {@code rolled_back} (the legacy database stays it). Finalize is only reached
 * from verified, so freeze, drain and verify always passed at the same fence: unfreezing goes back to capturing, and
 * the next freeze takes a new fence. A finalized cutover may still fail back ({@code failed_back}: the platform's
 * changes carried back by the reverse stream, the legacy app writable again, the legacy database the system of record).
 */
public enum CutoverState {
    CAPTURING, FROZEN, DRAINED, VERIFIED, FINALIZED, ROLLED_BACK, FAILED_BACK;

    /** Whether the legacy database is still to be captured (every phase before the end). */
    public boolean capturing() {
        return this != FINALIZED && this != ROLLED_BACK && this != FAILED_BACK;
    }

    /**
     * Failing back: only a finalized cutover (before, rollback is the way back); failing back again changes nothing.
     *
     * @throws Conflict before the end, or after a rollback
     */
    public CutoverState failBack() {
        if (this != FINALIZED && this != FAILED_BACK) {
            throw new Conflict("a failback follows a finalized cutover; the cutover is " + label()
                    + (capturing() ? " (roll back instead)" : ""));
        }
        return FAILED_BACK;
    }

    /** Whether the legacy app's roles are read-only (a fence is held). */
    public boolean frozen() {
        return this == FROZEN || this == DRAINED || this == VERIFIED;
    }

    /** Freezing a capturing cutover; freezing again changes nothing. */
    public CutoverState freeze() {
        open("freeze");
        return frozen() ? this : FROZEN;
    }

    /** Back to capturing, the fence given up; unfreezing a capturing cutover changes nothing. */
    public CutoverState unfreeze() {
        open("unfreeze");
        return CAPTURING;
    }

    /** Drained past the fence: only once frozen. */
    public CutoverState drained() {
        open("drain");
        if (this == CAPTURING) {
            throw new Conflict("freeze the legacy writes first: a drain needs the fence that freeze takes");
        }
        return this == VERIFIED ? VERIFIED : DRAINED;
    }

    /** Verified at the fence: only once drained. */
    public CutoverState verified() {
        open("verify");
        if (this != DRAINED && this != VERIFIED) {
            throw new Conflict("drain first: verification counts only at a fence the capture and the importers passed "
                    + "(the cutover is " + label() + ")");
        }
        return VERIFIED;
    }

    /**
     * A table captured again (its re-snapshot and ghost-row deletes are new changes): a drained or verified cutover goes
     * back to frozen, its fence kept, so that drain and verify must pass again; capturing and frozen stay as they are.
     */
    public CutoverState resnapshot() {
        open("re-snapshot");
        return this == DRAINED || this == VERIFIED ? FROZEN : this;
    }

    /**
     * The state after ending the cutover as {@code outcome}. Finalize only from verified; roll back from any phase
     * before the end; ending again the same way changes nothing.
     *
     * @throws Conflict when it ended the other way already, or finalize comes before freeze, drain and verify
     */
    public CutoverState end(CutoverState outcome) {
        if (outcome != FINALIZED && outcome != ROLLED_BACK) {
            throw new IllegalArgumentException("a cutover ends finalized or rolled back");
        }
        if (this == outcome) {
            return this;
        }
        if (!capturing()) {
            throw new Conflict("the cutover was " + label() + " already");
        }
        if (outcome == FINALIZED && this != VERIFIED) {
            throw new Conflict("finalize needs freeze, drain and verify passed at the same fence; the cutover is " + label());
        }
        return outcome;
    }

    private void open(String step) {
        if (!capturing()) {
            throw new Conflict("the cutover was " + label() + " already: nothing to " + step);
        }
    }

    private String label() {
        return value().replace('_', ' ');
    }

    /** As stored and shown: {@code capturing}, {@code frozen}, …, {@code rolled_back}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CutoverState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
