package app.platform.membership.payout.domain;

import app.platform.errors.Conflict;

/**
 * Who may be paid: an active member, with an approved and unexpired identity verification, and no open dispute.
 * Checked when a payout is scheduled and again when it is approved and paid (things change in between).
 */
public record Eligibility(boolean membershipActive, boolean kycApproved, boolean openDispute) {

    public boolean eligible() {
        return membershipActive && kycApproved && !openDispute;
    }

    public void require() {
        if (!membershipActive) {
            throw new Conflict("The member's membership is not active.");
        }
        if (!kycApproved) {
            throw new Conflict("The member's identity verification is not approved.");
        }
        if (openDispute) {
            throw new Conflict("The member has an open dispute; payouts wait until it is resolved.");
        }
    }
}
