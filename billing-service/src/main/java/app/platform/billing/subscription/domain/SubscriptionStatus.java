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

    public static SubscriptionStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean live() {
        return this != CANCELLED;
    }
}
