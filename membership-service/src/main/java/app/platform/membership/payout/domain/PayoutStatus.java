package app.platform.membership.payout.domain;

import app.platform.errors.Conflict;
import java.util.Locale;

/** A payout: {@code scheduled → approved → paid | failed}; an open one ({@code scheduled}, {@code approved}) can be {@code cancelled}. */
public enum PayoutStatus {
    SCHEDULED, APPROVED, PAID, FAILED, CANCELLED;

    public boolean isOpen() {
        return this == SCHEDULED || this == APPROVED;
    }

    public PayoutStatus approve() {
        return require(SCHEDULED, "approve", APPROVED);
    }

    public PayoutStatus pay() {
        return require(APPROVED, "pay", PAID);
    }

    public PayoutStatus fail() {
        return require(APPROVED, "fail", FAILED);
    }

    public PayoutStatus cancel() {
        if (!isOpen()) {
            throw new Conflict("A " + value() + " payout cannot be cancelled.");
        }
        return CANCELLED;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The legacy app's value of the status (failback): its lower-case name, which the legacy import reads back. */
    public String legacyValue() {
        return value();
    }

    public static PayoutStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    private PayoutStatus require(PayoutStatus from, String action, PayoutStatus to) {
        if (this != from) {
            throw new Conflict("Cannot " + action + " a payout that is " + value() + ".");
        }
        return to;
    }
}
