package app.platform.membership.membership.adapter.out.persistence;

import app.platform.membership.membership.domain.MembershipStatus;
import java.util.Arrays;
import java.util.stream.Collectors;

/** SQL over {@code user_memberships} that the stores share, written from the domain's statuses. */
public final class MembershipSql {

    /**
     * A live membership, one whose status is not over ({@link MembershipStatus#isOver()}):
     * {@code status IN ('pending', 'active', 'paused')}, as the index {@code user_memberships_one_live} has it.
     */
    public static final String LIVE = "status IN (" + Arrays.stream(MembershipStatus.values()).filter(s -> !s.isOver())
            .map(s -> "'" + s.value() + "'").collect(Collectors.joining(", ")) + ")";

    private MembershipSql() {
    }
}
