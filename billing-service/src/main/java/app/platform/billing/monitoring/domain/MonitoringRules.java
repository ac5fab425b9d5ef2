package app.platform.billing.monitoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules run on every payment and payout: too many payments in an hour (velocity), an amount above the
 * threshold, many failed attempts in an hour, and a payout to a member whose KYC is not approved (or expired).
 */
public final class MonitoringRules {

    public record Thresholds(int paymentsPerHour, long amountMinor, int failuresPerHour) {
    }

    public record Finding(String rule, String severity) {
    }

    private MonitoringRules() {
    }

    /** Counts include the payment being judged. */
    public static List<Finding> forPayment(Thresholds t, long amountMinor, long paymentsLastHour, long failuresLastHour,
                                           boolean failed) {
        List<Finding> findings = new ArrayList<>();
        if (paymentsLastHour > t.paymentsPerHour()) {
            findings.add(new Finding("velocity", "medium"));
        }
        if (amountMinor > t.amountMinor()) {
            findings.add(new Finding("amount_above_threshold", "high"));
        }
        if (failed && failuresLastHour >= t.failuresPerHour()) {
            findings.add(new Finding("failed_attempts", "high"));
        }
        return findings;
    }

    /** {@code kycStatus} is null when membership never told of a verification. */
    public static Optional<Finding> forPayout(String kycStatus, Instant kycExpiresAt, Instant now) {
        boolean approved = "approved".equals(kycStatus) && (kycExpiresAt == null || kycExpiresAt.isAfter(now));
        return approved ? Optional.empty() : Optional.of(new Finding("payout_without_kyc", "critical"));
    }

    /** An open alert is confirmed or dismissed once; the same decision again changes nothing. */
    public static boolean decisionAllowed(String currentStatus, String decision) {
        return currentStatus.equals("open") || currentStatus.equals(decision);
    }
}
