package app.platform.runtime;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** Scheduled jobs over reactive work. */
public final class Jobs {

    /** How long one run of a scheduled job may take. */
    public static final Duration TIMEOUT = Duration.ofMinutes(10);

    private Jobs() {
    }

    /**
     * Runs the work to its end on the scheduler's thread, so that a failure is thrown there and the scheduler logs it
     * (a bare {@code subscribe()} would drop it) and the next run starts only after this one.
     */
    public static void run(Mono<?> work) {
        work.block(TIMEOUT);
    }
}
