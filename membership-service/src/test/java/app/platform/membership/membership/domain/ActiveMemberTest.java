package app.platform.membership.membership.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActiveMemberTest {

    @Test
    void onlyAnActiveMembershipMakesAnActiveMember() {
        assertThat(ActiveMember.is(MembershipStatus.ACTIVE)).isTrue();
        assertThat(ActiveMember.is(MembershipStatus.PENDING)).isFalse();
        assertThat(ActiveMember.is(MembershipStatus.PAUSED)).isFalse();
        assertThat(ActiveMember.is(MembershipStatus.CANCELLED)).isFalse();
        assertThat(ActiveMember.is(MembershipStatus.EXPIRED)).isFalse();
    }

    @Test
    void someoneWithoutALiveMembershipIsNotActive() {
        assertThat(ActiveMember.is(null)).isFalse();
    }
}
