package app.platform.identity.signin.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Back-off per key (an account, an address): the first {@code free} failures within {@code window} cost nothing;
 * each one after that blocks the key for twice as long as the one before, from {@code base} up to {@code max}.
 * After {@code delaysBeforeChallenge} such delays the key is blocked no longer: each further try must pass a
 * challenge of a rising level instead, so that whoever guesses at an account pays for every guess while its owner
 * can still sign in. A success forgets the key. The rule only: where the states live is the application's concern.
 */
public record Throttle(int free, Duration base, Duration max, Duration window, int delaysBeforeChallenge) {

    /** Never challenges: a key that keeps failing keeps backing off (an address, the public API). */
    public static final int NEVER = Integer.MAX_VALUE;

    /** A key's count of failures, the last one, and until when it waits (null: it need not). */
    public record State(int failures, Instant last, Instant blockedUntil) {

        /** A key that has not failed. */
        public static final State NONE = new State(0, Instant.EPOCH, null);
    }

    /** What a key's next try meets. */
    public sealed interface Verdict {
    }

    /** The try may go ahead. */
    public record Go() implements Verdict {
    }

    /** The try is refused for {@code duration} yet. */
    public record Wait(Duration duration) implements Verdict {
    }

    /** The try may go ahead once it has passed a challenge of {@code level} (1, 2, …). */
    public record Challenge(int level) implements Verdict {
    }

    private static final Go GO = new Go();

    public Verdict verdict(State state, Instant now) {
        if (state == null || quiet(state, now)) {
            return GO;
        }
        if (state.blockedUntil() != null && state.blockedUntil().isAfter(now)) {
            return new Wait(Duration.between(now, state.blockedUntil()));
        }
        long level = (long) state.failures() - free - delaysBeforeChallenge;
        return level > 0 ? new Challenge((int) level) : GO;
    }

    /** The state after a failure at {@code now}; a failure after a quiet window starts counting again. */
    public State failed(State state, Instant now) {
        int failures = state == null || quiet(state, now) ? 1 : state.failures() + 1;
        int excess = failures - free;
        boolean delayed = excess > 0 && excess <= delaysBeforeChallenge;
        return new State(failures, now, delayed ? now.plus(backOff(excess)) : null);
    }

    private boolean quiet(State state, Instant now) {
        return state.last().plus(window).isBefore(now);
    }

    private Duration backOff(int excess) {
        Duration d = base.multipliedBy(1L << Math.min(excess - 1, 30));
        return d.compareTo(max) > 0 ? max : d;
    }
}
