package app.platform.membership.membership.domain;

import app.platform.errors.Conflict;
import java.time.Duration;
import java.time.Instant;

/**
 * A membership's life: {@code pending → active → paused → cancelled | expired}. Billing drives it (a started
 * subscription or a successful payment activates, a cancelled subscription cancels, a failed payment not made good
 * within the grace period expires it); identity pauses it while the member is banned. Cancelled and expired are
 * final: coming back is a new subscription and a new membership.
 */
public enum MembershipStatus {
    PENDING, ACTIVE, PAUSED, CANCELLED, EXPIRED;

    public boolean isOver() {
        return this == CANCELLED || this == EXPIRED;
    }

    /** A started subscription or a successful payment: a pending membership starts; an active one stays. */
    public MembershipStatus activate() {
        return switch (this) {
            case PENDING, ACTIVE -> ACTIVE;
            case PAUSED -> PAUSED; // paid, but a banned member stays paused until unbanned
            default -> throw illegal("activate");
        };
    }

    public MembershipStatus pause() {
        if (this == ACTIVE || this == PAUSED) {
            return PAUSED;
        }
        throw illegal("pause");
    }

    public MembershipStatus resume() {
        if (this == PAUSED || this == ACTIVE) {
            return ACTIVE;
        }
        throw illegal("resume");
    }

    public MembershipStatus cancel() {
        if (isOver()) {
            throw illegal("cancel");
        }
        return CANCELLED;
    }

    /** A payment failed at {@code failedAt} and nothing succeeded since: past the grace period it expires. */
    public MembershipStatus afterGrace(Instant failedAt, Duration grace, Instant now) {
        if ((this == ACTIVE || this == PAUSED) && failedAt != null && !failedAt.plus(grace).isAfter(now)) {
            return EXPIRED;
        }
        return this;
    }

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The legacy app's value of the status (failback): its lower-case name, which the legacy import reads back. */
    public String legacyValue() {
        return value();
    }

    public static MembershipStatus of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    private Conflict illegal(String action) {
        return new Conflict("A " + value() + " membership cannot " + action + ".");
    }
}
