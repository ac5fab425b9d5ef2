package app.platform.identity.organization.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many invitations one user may send, all organizations together: at most {@code perHour} in any hour (a sliding
 * window), so that an account cannot mail strangers in bulk.
 */
public record InvitationLimit(int perHour) {

    public static final Duration WINDOW = Duration.ofHours(1);

    public InvitationLimit {
        if (perHour < 1) {
            throw new IllegalArgumentException("the invitation limit must allow at least one an hour");
        }
    }

    /**
     * Refuses one more invitation while the sender's hour is full. {@code sent}: when the sender's invitations of
     * the last hour ({@link #WINDOW}) were created, oldest first.
     */
    public void check(List<Instant> sent, Instant now) {
        if (sent.size() >= perHour) {
            // one more may go once all but perHour - 1 of them are older than the window
            Instant frees = sent.get(sent.size() - perHour).plus(WINDOW);
            throw new Reached(perHour, Duration.between(now, frees));
        }
    }

    /** The sender's hour is full; the API answers 429 with {@code Retry-After}. */
    public static class Reached extends RuntimeException {

        private final Duration retryAfter;

        Reached(int perHour, Duration retryAfter) {
            super("You have sent the " + perHour + " invitations an hour allows. Try again later.");
            this.retryAfter = retryAfter;
        }

        /** Whole seconds until one more may be sent, at least one. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
