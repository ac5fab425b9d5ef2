package app.platform.membership.payout.domain;

import app.platform.errors.Conflict;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.membership.domain.ActiveMember;
import app.platform.membership.membership.domain.MembershipStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may be paid, decided from the facts about a member at a moment: an {@link ActiveMember} not in arrears, with an
 * approved identity verification whose expiry is ahead, and no open dispute. Checked when a payout is scheduled and again
 * when it is approved and paid (things change in between). {@code reasons} are why not, in that order.
 */
public record Eligibility(List<Reason> reasons) {

    /**
     * What is known about a member: the status of their live membership, their verification's status and expiry as
     * stored ({@code null}: none), whether they have an open dispute, and whether their membership is in arrears (a
     * failed payment not made good: the grace period before it lapses).
     */
    public record Facts(MembershipStatus membership, KycStatus kyc, Instant kycExpiresAt, boolean openDispute,
                        boolean inArrears) {

        /** A member not in arrears. */
        public Facts(MembershipStatus membership, KycStatus kyc, Instant kycExpiresAt, boolean openDispute) {
            this(membership, kyc, kycExpiresAt, openDispute, false);
        }
    }

    /** Why a member may not be paid, with what the operator is told. */
    public enum Reason {
        MEMBERSHIP_NOT_ACTIVE("The member's membership is not active."),
        IN_ARREARS("The member's last payment failed; payouts wait until it is made good."),
        KYC_NOT_APPROVED("The member's identity verification is not approved."),
        KYC_EXPIRED("The member's identity verification has expired."),
        OPEN_DISPUTE("The member has an open dispute; payouts wait until it is resolved.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    public Eligibility {
        reasons = List.copyOf(reasons);
    }

    /**
     * The policy. A verification counts when approved with its expiry after {@code now}: past it, or stored as
     * expired, it has expired; an approval without an expiry date (the legacy import stores none) does not count.
     */
    public static Eligibility of(Facts facts, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        if (!ActiveMember.is(facts.membership())) {
            reasons.add(Reason.MEMBERSHIP_NOT_ACTIVE);
        } else if (facts.inArrears()) {
            reasons.add(Reason.IN_ARREARS);
        }
        KycStatus kyc = facts.kyc() == null ? KycStatus.NOT_STARTED : facts.kyc().at(facts.kycExpiresAt(), now);
        if (kyc == KycStatus.EXPIRED) {
            reasons.add(Reason.KYC_EXPIRED);
        } else if (kyc != KycStatus.APPROVED || facts.kycExpiresAt() == null) {
            reasons.add(Reason.KYC_NOT_APPROVED);
        }
        if (facts.openDispute()) {
            reasons.add(Reason.OPEN_DISPUTE);
        }
        return new Eligibility(reasons);
    }

    public boolean eligible() {
        return reasons.isEmpty();
    }

    /** Throws a {@link Conflict} with the first reason, if any. */
    public void require() {
        if (!reasons.isEmpty()) {
            throw new Conflict(reasons.getFirst().message());
        }
    }
}
