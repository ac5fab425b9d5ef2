package app.platform.membership.membership.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.membership.dispute.domain.DisputeStatus;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.membership.payout.domain.Eligibility;
import app.platform.membership.payout.domain.PayoutStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's rules, in plain Java. */
class MembershipRulesTest {

    @Test
    void membershipsMoveOnlyAlongTheirLifecycleAndEndingIsFinal() {
        assertThat(MembershipStatus.PENDING.activate()).isEqualTo(MembershipStatus.ACTIVE);
        assertThat(MembershipStatus.ACTIVE.pause()).isEqualTo(MembershipStatus.PAUSED);
        assertThat(MembershipStatus.PAUSED.activate()).isEqualTo(MembershipStatus.PAUSED);
        assertThat(MembershipStatus.PAUSED.resume()).isEqualTo(MembershipStatus.ACTIVE);
        assertThat(MembershipStatus.PAUSED.cancel()).isEqualTo(MembershipStatus.CANCELLED);
        assertThatThrownBy(MembershipStatus.CANCELLED::activate).isInstanceOf(Conflict.class);
        assertThatThrownBy(MembershipStatus.EXPIRED::cancel).isInstanceOf(Conflict.class);
        assertThatThrownBy(MembershipStatus.PENDING::pause).isInstanceOf(Conflict.class);

        Instant failed = Instant.parse("2026-01-01T00:00:00Z");
        Duration grace = Duration.ofDays(7);
        assertThat(MembershipStatus.ACTIVE.afterGrace(failed, grace, failed.plus(Duration.ofDays(6)))).isEqualTo(MembershipStatus.ACTIVE);
        assertThat(MembershipStatus.ACTIVE.afterGrace(failed, grace, failed.plus(grace))).isEqualTo(MembershipStatus.EXPIRED);
        assertThat(MembershipStatus.ACTIVE.afterGrace(null, grace, failed.plus(grace))).isEqualTo(MembershipStatus.ACTIVE);
    }

    /** Payment events in any order: a failure older than a success is stale; one after it stands. */
    @Test
    void aFailureOlderThanASuccessIsStaleWhicheverCameFirst() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t1 = t0.plusSeconds(20);
        Instant t2 = t0.plusSeconds(40);
        Arrears none = new Arrears(null, null);

        assertThat(none.failed(t0).paid(t1)).isEqualTo(new Arrears(null, t1)); // in order: made good
        assertThat(none.paid(t1).failed(t0)).isEqualTo(new Arrears(null, t1)); // the failure came late: stale
        assertThat(none.paid(t1).failed(t2)).isEqualTo(new Arrears(t2, t1)); // a later failure counts
        assertThat(none.failed(t2).paid(t1)).isEqualTo(new Arrears(t2, t1)); // ... whichever came first
        assertThat(none.failed(t2).failed(t1)).isEqualTo(new Arrears(t1, null)); // the earliest failure runs the grace
        assertThat(none.paid(t2).paid(t1)).isEqualTo(new Arrears(null, t2)); // the last success is kept
        assertThat(none.paid(t1).failed(t1)).isEqualTo(new Arrears(null, t1));
    }

    @Test
    void kycIsReviewedBeforeApprovalAndCanBeResubmittedAfterARejectionOrExpiry() {
        assertThat(KycStatus.NOT_STARTED.submit().startReview().approve()).isEqualTo(KycStatus.APPROVED);
        assertThat(KycStatus.REJECTED.submit()).isEqualTo(KycStatus.SUBMITTED);
        assertThatThrownBy(KycStatus.SUBMITTED::approve).isInstanceOf(Conflict.class);
        assertThatThrownBy(KycStatus.APPROVED::submit).isInstanceOf(Conflict.class);
        Instant expires = Instant.parse("2027-01-01T00:00:00Z");
        assertThat(KycStatus.APPROVED.at(expires, expires)).isEqualTo(KycStatus.EXPIRED);
        assertThat(KycStatus.APPROVED.at(expires, expires.minusSeconds(1))).isEqualTo(KycStatus.APPROVED);
        assertThatThrownBy(() -> KycDocument.submitted("passport", "DE", "docs://passport-123456789"))
                .isInstanceOf(InvalidInput.class); // looks like a document number
        assertThatThrownBy(() -> KycDocument.submitted("selfie", "DE", "docs://abcdefgh")).isInstanceOf(InvalidInput.class);
        assertThat(KycDocument.submitted("passport", "de", "docs://k3f9-a81c").country()).isEqualTo("DE");
    }

    @Test
    void payoutsNeedAnActiveVerifiedMemberWithoutAnOpenDisputeAndMoveForwardOnly() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Instant valid = now.plus(Duration.ofDays(1));
        assertThat(Eligibility.of(new Eligibility.Facts(MembershipStatus.ACTIVE, KycStatus.APPROVED, valid, false), now)
                .eligible()).isTrue();
        assertThatThrownBy(() -> Eligibility.of(new Eligibility.Facts(MembershipStatus.ACTIVE, KycStatus.SUBMITTED, null,
                false), now).require()).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> Eligibility.of(new Eligibility.Facts(MembershipStatus.ACTIVE, KycStatus.APPROVED, valid,
                true), now).require()).hasMessageContaining("dispute");
        assertThat(PayoutStatus.SCHEDULED.approve().pay()).isEqualTo(PayoutStatus.PAID);
        assertThatThrownBy(PayoutStatus.SCHEDULED::pay).isInstanceOf(Conflict.class);
        assertThatThrownBy(PayoutStatus.PAID::cancel).isInstanceOf(Conflict.class);
        assertThat(PayoutStatus.APPROVED.cancel()).isEqualTo(PayoutStatus.CANCELLED);
    }

    @Test
    void disputesCloseOnce() {
        assertThat(DisputeStatus.OPEN.resolve("resolved_member")).isEqualTo(DisputeStatus.RESOLVED_MEMBER);
        assertThat(DisputeStatus.OPEN.withdraw()).isEqualTo(DisputeStatus.WITHDRAWN);
        assertThatThrownBy(() -> DisputeStatus.OPEN.resolve("withdrawn")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> DisputeStatus.WITHDRAWN.resolve("resolved_member")).isInstanceOf(Conflict.class);
    }
}
