package app.platform.membership.kyc.domain;

import app.platform.errors.Conflict;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Identity verification: {@code not_started → submitted → in_review → approved | rejected}; an approval is valid
 * for {@link #VALIDITY_DAYS} days, then it is {@code expired}; after a rejection or an expiry the member submits
 * again. Only an approved, unexpired verification allows payouts.
 */
public enum KycStatus {
    NOT_STARTED, SUBMITTED, IN_REVIEW, APPROVED, REJECTED, EXPIRED;

    public static final int VALIDITY_DAYS = 730;
    public static final Set<String> REJECTION_REASONS = Set.of("unreadable", "expired_document", "mismatch",
            "suspected_fraud", "other");

    public KycStatus submit() {
        if (this == NOT_STARTED || this == REJECTED || this == EXPIRED) {
            return SUBMITTED;
        }
        throw new Conflict("Documents can be submitted before a review or after a rejection or expiry, not when "
                + value() + ".");
    }

    public KycStatus startReview() {
        return require(SUBMITTED, "start a review", IN_REVIEW);
    }

    public KycStatus approve() {
        return require(IN_REVIEW, "approve", APPROVED);
    }

    public KycStatus reject() {
        return require(IN_REVIEW, "reject", REJECTED);
    }

    /** An approval past its expiry reads as expired. */
    public KycStatus at(Instant expiresAt, Instant now) {
        return this == APPROVED && expiresAt != null && !expiresAt.isAfter(now) ? EXPIRED : this;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The legacy app's value of the status (failback): its lower-case name, which the legacy import reads back. An
     * approval past its expiry is stored approved (it reads as expired by a date the legacy table has no column for).
     */
    public String legacyValue() {
        return value();
    }

    public static KycStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    private KycStatus require(KycStatus from, String action, KycStatus to) {
        if (this != from) {
            throw new Conflict("Cannot " + action + " a verification that is " + value() + ".");
        }
        return to;
    }
}
