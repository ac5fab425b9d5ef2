package app.platform.membership.dispute.domain;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import java.util.Locale;

/** A dispute is {@code open} until an operator resolves it for the member or the operator, or the member withdraws it. */
public enum DisputeStatus {
    OPEN, RESOLVED_MEMBER, RESOLVED_OPERATOR, WITHDRAWN;

    public DisputeStatus resolve(String resolution) {
        DisputeStatus to;
        try {
            to = of(resolution == null ? "" : resolution);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("resolution", "must be resolved_member or resolved_operator");
        }
        if (to == OPEN || to == WITHDRAWN) {
            throw new InvalidInput("resolution", "must be resolved_member or resolved_operator");
        }
        return close(to);
    }

    public DisputeStatus withdraw() {
        return close(WITHDRAWN);
    }

    /** A message, from the member or an operator: only while the dispute is open. */
    public DisputeStatus message() {
        if (this != OPEN) {
            throw new Conflict("The dispute is " + value() + ": it takes no more messages.");
        }
        return this;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The legacy app's value of the status (failback): it knows one {@code resolved}, so both resolutions collapse
     * into it (the legacy import reads it back as the operator's); {@code open} and {@code withdrawn} as they are.
     */
    public String legacyValue() {
        return switch (this) {
            case OPEN, WITHDRAWN -> value();
            case RESOLVED_MEMBER, RESOLVED_OPERATOR -> "resolved";
        };
    }

    public static DisputeStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    private DisputeStatus close(DisputeStatus to) {
        if (this != OPEN) {
            throw new Conflict("The dispute is " + value() + " already.");
        }
        return to;
    }
}
