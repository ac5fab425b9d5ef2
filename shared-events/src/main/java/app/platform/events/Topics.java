package app.platform.events;

import java.util.regex.Pattern;

/** Topic names: one per aggregate, {@code <service>.<aggregate>.events}; dead letters in {@code <topic>.dlt}. */
public final class Topics {

    public static final String IDENTITY_USER = "identity.user.events";
    public static final String IDENTITY_ORGANIZATION = "identity.organization.events";
    public static final String PROFILE_USER = "profile.user.events";
    public static final String BILLING_SUBSCRIPTION = "billing.subscription.events";
    public static final String BILLING_PAYMENT = "billing.payment.events";
    public static final String MEMBERSHIP_KYC = "membership.kyc.events";
    public static final String MEMBERSHIP_PAYOUT = "membership.payout.events";

    /** Every domain-event topic (and none of their dead-letter topics). */
    public static final Pattern ALL_EVENTS = Pattern.compile("[a-z]+\\.[a-z_]+\\.events");

    private Topics() {
    }

    public static String forAggregate(String aggregateType) {
        return aggregateType + ".events";
    }

    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }
}
