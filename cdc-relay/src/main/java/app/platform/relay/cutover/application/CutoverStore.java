package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.CutoverState;
import app.platform.relay.cutover.domain.FrozenWriters;
import app.platform.relay.cutover.domain.Lsn;
import java.time.Instant;

/** Port: where the cutover stands, kept in the relay's database (one row). */
public interface CutoverStore {

    /**
     * The state, its fence (null before freeze), what the freeze took from the legacy app, when it was reached and by
     * whom (null: by the relay's first start).
     */
    record Recorded(CutoverState state, Lsn fence, FrozenWriters frozen, Instant changedAt, String changedBy) {
    }

    Recorded current();

    /** Records the state, its fence and what is frozen, reached now by {@code operator}. */
    void save(CutoverState state, Lsn fence, FrozenWriters frozen, String operator);

    /** Since when the platform is read-only (a failback); null while it is writable. */
    Instant readOnlySince();

    /** Makes the platform read-only from {@code since}, or writable again with null. */
    void readOnly(Instant since);
}
