package app.platform.identity.signin.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-off per key (an account, an address): the first {@code free} failures within {@code window} cost nothing;
 * each one after that blocks the key for twice as long as the one before, from {@code base} up to {@code max}.
 * A success forgets the key. Held in memory: each instance throttles what it sees.
 */
public final class Throttle {

    private static final int MAX_KEYS = 100_000;

    private final int free;
    private final Duration base;
    private final Duration max;
    private final Duration window;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    private record State(int failures, Instant last, Instant blockedUntil) {
    }

    public Throttle(int free, Duration base, Duration max, Duration window) {
        this.free = free;
        this.base = base;
        this.max = max;
        this.window = window;
    }

    /** How long the key must still wait; zero when it may go ahead. */
    public Duration retryAfter(String key, Instant now) {
        State s = states.get(key);
        if (s == null || s.blockedUntil() == null || !s.blockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, s.blockedUntil());
    }

    public void failure(String key, Instant now) {
        if (states.size() > MAX_KEYS) {
            states.values().removeIf(s -> s.last().plus(window).isBefore(now));
        }
        states.compute(key, (k, s) -> {
            int failures = s == null || s.last().plus(window).isBefore(now) ? 1 : s.failures() + 1;
            Instant blockedUntil = failures > free ? now.plus(backOff(failures - free)) : null;
            return new State(failures, now, blockedUntil);
        });
    }

    public void success(String key) {
        states.remove(key);
    }

    private Duration backOff(int excess) {
        Duration d = base.multipliedBy(1L << Math.min(excess - 1, 30));
        return d.compareTo(max) > 0 ? max : d;
    }
}
