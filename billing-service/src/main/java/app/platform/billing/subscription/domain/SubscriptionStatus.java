package app.platform.billing.subscription.domain;

import java.util.Locale;

/**
 * trialing → active (first period charged) → past_due (the retries failed) → active (paid); any → cancelled.
 * Only a live subscription is charged or changed.
 */
public enum SubscriptionStatus {
    TRIALING, ACTIVE, PAST_DUE, CANCELLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The legacy app's value of the status (failback): its code, in lower case, which the legacy import reads back
     * ({@link #of}).
     */
    public String legacyValue() {
        return code();
    }

    public static SubscriptionStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean live() {
        return this != CANCELLED;
    }
}
