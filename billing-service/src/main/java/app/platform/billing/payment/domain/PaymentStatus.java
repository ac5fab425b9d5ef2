package app.platform.billing.payment.domain;

import java.util.Locale;

/** pending → succeeded | failed; succeeded → refunded once refunds reach the captured amount. */
public enum PaymentStatus {
    PENDING, SUCCEEDED, FAILED, REFUNDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The legacy app's value of the status (failback): its code, in lower case ({@code refunded} stays so), which the
     * legacy import reads back ({@link #of}).
     */
    public String legacyValue() {
        return code();
    }

    public static PaymentStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** What may still be refunded of a payment: nothing unless it succeeded. */
    public static long refundable(PaymentStatus status, long amountMinor, long refundedMinor) {
        return status == SUCCEEDED ? amountMinor - refundedMinor : 0;
    }
}
