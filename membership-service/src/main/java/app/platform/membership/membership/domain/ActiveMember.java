package app.platform.membership.membership.domain;

/**
 * Who is an active member: someone whose live membership is {@code active}; not pending, not paused (a banned
 * member), not over. Only an active member joins the payout queue and is paid. The period is not part of it:
 * billing ends a membership that is not paid ({@link MembershipStatus#afterGrace}).
 */
public final class ActiveMember {

    private ActiveMember() {
    }

    /** Whether a member whose live membership is in {@code status} ({@code null}: none) is active. */
    public static boolean is(MembershipStatus status) {
        return status == MembershipStatus.ACTIVE;
    }
}
