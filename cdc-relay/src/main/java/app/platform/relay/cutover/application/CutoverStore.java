package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.CutoverState;
import java.time.Instant;

/** Port: where the cutover stands, kept in the relay's database (one row). */
public interface CutoverStore {

    /** The state, when it was reached and by whom (null: by the relay's first start). */
    record Recorded(CutoverState state, Instant changedAt, String changedBy) {
    }

    Recorded current();

    /** Records the state, reached now by {@code operator}. */
    void save(CutoverState state, String operator);
}
