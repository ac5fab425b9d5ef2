package app.platform.billing.subscription.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A failed charge is retried after 1, 3 and 5 days; the fourth failure makes the subscription past due. */
public final class RetryPolicy {

    public static final List<Duration> DELAYS = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5));

    private RetryPolicy() {
    }

    /** When to try again after the {@code failures}-th failure of a period; empty when it is past due. */
    public static Optional<Instant> nextAttempt(int failures, Instant now) {
        return failures <= DELAYS.size() ? Optional.of(now.plus(DELAYS.get(failures - 1))) : Optional.empty();
    }
}
