package app.platform.membership.membership.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MembershipSqlTest {

    @Test
    void aLiveMembershipIsOneThatIsNotOverAsTheUniqueIndexHasIt() {
        assertThat(MembershipSql.LIVE).isEqualTo("status IN ('pending', 'active', 'paused')");
    }
}
