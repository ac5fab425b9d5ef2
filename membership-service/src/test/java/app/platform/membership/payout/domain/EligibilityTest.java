package app.platform.membership.payout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.Conflict;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.membership.domain.MembershipStatus;
import app.platform.membership.payout.domain.Eligibility.Facts;
import app.platform.membership.payout.domain.Eligibility.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EligibilityTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant VALID_UNTIL = NOW.plus(Duration.ofDays(300));

    @Test
    void anActiveMemberWithAnUnexpiredApprovalAndNoOpenDisputeIsEligible() {
        Eligibility eligibility = Eligibility.of(new Facts(MembershipStatus.ACTIVE, KycStatus.APPROVED, VALID_UNTIL, false), NOW);
        assertThat(eligibility.eligible()).isTrue();
        assertThat(eligibility.reasons()).isEmpty();
        assertThatCode(eligibility::require).doesNotThrowAnyException();
    }

    @Test
    void anActiveMemberInArrearsIsNotUntilThePaymentIsMadeGood() {
        Eligibility eligibility = Eligibility.of(new Facts(MembershipStatus.ACTIVE, KycStatus.APPROVED, VALID_UNTIL, false,
                true), NOW);
        assertThat(eligibility.reasons()).containsExactly(Eligibility.Reason.IN_ARREARS);
        assertThatThrownBy(eligibility::require).hasMessageContaining("last payment failed");
    }

    @Test
    void aMemberWhoseMembershipIsNotActiveIsNot() {
        for (MembershipStatus status : new MembershipStatus[] {MembershipStatus.PENDING, MembershipStatus.PAUSED, null}) {
            assertThat(Eligibility.of(new Facts(status, KycStatus.APPROVED, VALID_UNTIL, false), NOW).reasons())
                    .as("membership %s", status).containsExactly(Reason.MEMBERSHIP_NOT_ACTIVE);
        }
    }

    @Test
    void aVerificationCountsOnlyApprovedAndBeforeItsExpiry() {
        assertThat(reasons(KycStatus.APPROVED, NOW.plusSeconds(1))).isEmpty();
        assertThat(reasons(KycStatus.APPROVED, NOW)).containsExactly(Reason.KYC_EXPIRED);
        assertThat(reasons(KycStatus.APPROVED, NOW.minus(Duration.ofDays(1)))).containsExactly(Reason.KYC_EXPIRED);
        assertThat(reasons(KycStatus.EXPIRED, null)).containsExactly(Reason.KYC_EXPIRED);
        assertThat(reasons(KycStatus.APPROVED, null)).containsExactly(Reason.KYC_NOT_APPROVED);
        assertThat(reasons(null, null)).containsExactly(Reason.KYC_NOT_APPROVED);
        for (KycStatus status : new KycStatus[] {KycStatus.NOT_STARTED, KycStatus.SUBMITTED, KycStatus.IN_REVIEW,
                KycStatus.REJECTED}) {
            assertThat(reasons(status, VALID_UNTIL)).as("verification %s", status).containsExactly(Reason.KYC_NOT_APPROVED);
        }
    }

    @Test
    void anOpenDisputeMakesPayoutsWait() {
        assertThat(Eligibility.of(new Facts(MembershipStatus.ACTIVE, KycStatus.APPROVED, VALID_UNTIL, true), NOW).reasons())
                .containsExactly(Reason.OPEN_DISPUTE);
    }

    @Test
    void everyReasonIsToldInOrderAndTheFirstIsTheConflict() {
        Eligibility eligibility = Eligibility.of(new Facts(MembershipStatus.PAUSED, KycStatus.APPROVED, NOW, true), NOW);
        assertThat(eligibility.eligible()).isFalse();
        assertThat(eligibility.reasons()).containsExactly(Reason.MEMBERSHIP_NOT_ACTIVE, Reason.KYC_EXPIRED, Reason.OPEN_DISPUTE);
        assertThatThrownBy(eligibility::require).isInstanceOf(Conflict.class)
                .hasMessage("The member's membership is not active.");
        assertThatThrownBy(Eligibility.of(new Facts(MembershipStatus.ACTIVE, KycStatus.SUBMITTED, null, true), NOW)::require)
                .isInstanceOf(Conflict.class).hasMessage("The member's identity verification is not approved.");
    }

    private static List<Reason> reasons(KycStatus kyc, Instant expiresAt) {
        return Eligibility.of(new Facts(MembershipStatus.ACTIVE, kyc, expiresAt, false), NOW).reasons();
    }
}
