package app.platform.identity.signin.application;

import app.platform.identity.signin.domain.Throttle;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where the throttles' states live: shared by every replica, kept across restarts. */
public interface ThrottleStore {

    Optional<Throttle.State> state(String key);

    /** Replaces the key's state (NONE when it has none) by {@code next}, under a lock: no concurrent failure is lost. */
    void update(String key, UnaryOperator<Throttle.State> next);

    void forget(String key);

    /** Marks {@code key} as used until {@code until}; false when it already was (a challenge is answered once). */
    boolean claim(String key, Instant until);

    /** Removes the states whose last failure is before {@code before} and that block nothing. */
    int prune(Instant before, Instant now);
}
