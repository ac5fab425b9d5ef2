package app.platform.identity.signin.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Back-off per key (an account, an address): the first {@code free} failures within {@code window} cost nothing;
 * each one after that blocks the key for twice as long as the one before, from {@code base} up to {@code max}.
 * A success forgets the key. The rule only: where the states live is the application's concern.
 */
public record Throttle(int free, Duration base, Duration max, Duration window) {

    /** A key's count of failures, the last one, and until when it waits (null: it need not). */
    public record State(int failures, Instant last, Instant blockedUntil) {

        /** A key that has not failed. */
        public static final State NONE = new State(0, Instant.EPOCH, null);
    }

    /** How long a key in {@code state} must still wait; zero when it may go ahead. */
    public Duration retryAfter(State state, Instant now) {
        if (state == null || state.blockedUntil() == null || !state.blockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, state.blockedUntil());
    }

    /** The state after a failure at {@code now}; a failure after a quiet window starts counting again. */
    public State failed(State state, Instant now) {
        int failures = state == null || state.last().plus(window).isBefore(now) ? 1 : state.failures() + 1;
        return new State(failures, now, failures > free ? now.plus(backOff(failures - free)) : null);
    }

    private Duration backOff(int excess) {
        Duration d = base.multipliedBy(1L << Math.min(excess - 1, 30));
        return d.compareTo(max) > 0 ? max : d;
    }
}
