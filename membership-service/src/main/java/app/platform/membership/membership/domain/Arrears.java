package app.platform.membership.membership.domain;

import java.time.Instant;

/**
 * Whether a member is behind with their payments, from billing's payment events, which arrive in any order (each
 * payment is its own key, so a retry's success can come before an older failure): since when a failed payment is not
 * made good ({@code failedSince}, which the grace period runs from), and when a payment last succeeded
 * ({@code lastPaid}).
 */
public record Arrears(Instant failedSince, Instant lastPaid) {

    /**
     * A payment failed {@code at}: it counts unless a payment succeeded at or after it (the late event of an older
     * failure); the earliest failure not made good stays the one the grace period runs from.
     */
    public Arrears failed(Instant at) {
        if (lastPaid != null && !at.isAfter(lastPaid)) {
            return this;
        }
        return new Arrears(failedSince == null || at.isBefore(failedSince) ? at : failedSince, lastPaid);
    }

    /**
     * A payment succeeded {@code at}: it makes good the failures before it; failures that all came after it (their
     * events first) still stand.
     */
    public Arrears paid(Instant at) {
        return new Arrears(failedSince != null && failedSince.isAfter(at) ? failedSince : null,
                lastPaid == null || at.isAfter(lastPaid) ? at : lastPaid);
    }
}
