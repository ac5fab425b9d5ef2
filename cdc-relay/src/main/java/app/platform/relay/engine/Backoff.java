package app.platform.relay.engine;

import java.time.Duration;

/** Exponential back-off: {@code initial} after the first failure, doubled after each further one, at most {@code max}. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 < initial <= max, not " + initial + " and " + max);
        }
    }

    /** The wait before the next attempt after {@code failures} consecutive failed ones (1 or more). */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("no failure to back off from: " + failures);
        }
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
