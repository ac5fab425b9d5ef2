package app.platform.identity.signin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    final Throttle throttle = new Throttle(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(15),
            Throttle.NEVER);

    Throttle.State fail(Throttle throttle, Throttle.State state, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            state = throttle.failed(state, at);
        }
        return state;
    }

    @Test
    void freeFailuresCostNothingThenTheWaitDoublesUpToTheCap() {
        Throttle.State a = fail(throttle, Throttle.State.NONE, 3, t0);
        assertThat(throttle.verdict(a, t0)).isEqualTo(new Throttle.Go());
        a = fail(throttle, a, 1, t0);
        assertThat(throttle.verdict(a, t0)).isEqualTo(new Throttle.Wait(Duration.ofSeconds(1)));
        a = fail(throttle, a, 1, t0);
        assertThat(throttle.verdict(a, t0)).isEqualTo(new Throttle.Wait(Duration.ofSeconds(2)));
        a = fail(throttle, a, 10, t0);
        assertThat(throttle.verdict(a, t0)).isEqualTo(new Throttle.Wait(Duration.ofSeconds(10)));
        assertThat(throttle.verdict(a, t0.plusSeconds(11))).isEqualTo(new Throttle.Go());
        assertThat(throttle.verdict(Throttle.State.NONE, t0)).isEqualTo(new Throttle.Go());
        assertThat(throttle.verdict(null, t0)).isEqualTo(new Throttle.Go());
    }

    @Test
    void aQuietWindowStartsOver() {
        Throttle.State b = fail(throttle, Throttle.State.NONE, 5, t0);
        Instant later = t0.plus(Duration.ofMinutes(16));
        assertThat(throttle.verdict(b, later)).isEqualTo(new Throttle.Go());
        b = fail(throttle, b, 1, later);
        assertThat(b.failures()).isEqualTo(1);
        assertThat(throttle.verdict(b, later)).isEqualTo(new Throttle.Go());
    }

    /** Past its delays a key waits no longer: each try is challenged, one level higher per failure. */
    @Test
    void afterItsDelaysAKeyIsChallengedInsteadOfBlockedForLonger() {
        Throttle account = new Throttle(3, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), 2);
        Throttle.State c = fail(account, Throttle.State.NONE, 4, t0);
        assertThat(account.verdict(c, t0)).isEqualTo(new Throttle.Wait(Duration.ofSeconds(1)));
        Instant t1 = t0.plusSeconds(1);
        c = fail(account, c, 1, t1);
        assertThat(account.verdict(c, t1)).isEqualTo(new Throttle.Wait(Duration.ofSeconds(2)));
        Instant t2 = t1.plusSeconds(2);
        c = fail(account, c, 1, t2);
        assertThat(c.blockedUntil()).isNull();
        assertThat(account.verdict(c, t2)).isEqualTo(new Throttle.Challenge(1));
        c = fail(account, c, 3, t2);
        assertThat(account.verdict(c, t2)).isEqualTo(new Throttle.Challenge(4));
        assertThat(account.verdict(c, t2.plus(Duration.ofMinutes(16)))).isEqualTo(new Throttle.Go());
    }
}
