package app.platform.identity.organization.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvitationLimitTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void belowTheLimitOneMoreMayGo() {
        assertThatCode(() -> new InvitationLimit(2).check(List.of(), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> new InvitationLimit(2).check(List.of(NOW.minusSeconds(10)), NOW)).doesNotThrowAnyException();
    }

    @Test
    void aFullHourIsRefusedUntilItsOldestInvitationIsAnHourOld() {
        var limit = new InvitationLimit(2);
        assertThatThrownBy(() -> limit.check(List.of(NOW.minusSeconds(3000), NOW.minusSeconds(60)), NOW))
                .isInstanceOfSatisfying(InvitationLimit.Reached.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(600));
    }

    @Test
    void overALoweredLimitTheWaitIsUntilOnlyLimitMinusOneAreLeft() {
        // three sent while the limit was higher; with two allowed, the second oldest must leave the window too
        var sent = List.of(NOW.minusSeconds(3500), NOW.minusSeconds(3000), NOW.minusSeconds(10));
        assertThatThrownBy(() -> new InvitationLimit(2).check(sent, NOW))
                .isInstanceOfSatisfying(InvitationLimit.Reached.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(600));
    }

    @Test
    void theWaitIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThatThrownBy(() -> new InvitationLimit(1).check(List.of(NOW.minusSeconds(3599).minusMillis(500)), NOW))
                .isInstanceOfSatisfying(InvitationLimit.Reached.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        assertThatThrownBy(() -> new InvitationLimit(1).check(List.of(NOW.minusSeconds(3600)), NOW))
                .isInstanceOfSatisfying(InvitationLimit.Reached.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
    }

    @Test
    void aLimitAllowsAtLeastOneInvitation() {
        assertThatThrownBy(() -> new InvitationLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
