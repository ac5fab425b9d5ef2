package app.platform.identity.signin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    final Throttle throttle = new Throttle(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(15));

    Throttle.State fail(Throttle.State state, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            state = throttle.failed(state, at);
        }
        return state;
    }

    @Test
    void freeFailuresCostNothingThenTheWaitDoublesUpToTheCap() {
        Throttle.State a = fail(Throttle.State.NONE, 3, t0);
        assertThat(throttle.retryAfter(a, t0)).isZero();
        a = fail(a, 1, t0);
        assertThat(throttle.retryAfter(a, t0)).isEqualTo(Duration.ofSeconds(1));
        a = fail(a, 1, t0);
        assertThat(throttle.retryAfter(a, t0)).isEqualTo(Duration.ofSeconds(2));
        a = fail(a, 10, t0);
        assertThat(throttle.retryAfter(a, t0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.retryAfter(a, t0.plusSeconds(11))).isZero();
        assertThat(throttle.retryAfter(Throttle.State.NONE, t0)).isZero();
        assertThat(throttle.retryAfter(null, t0)).isZero();
    }

    @Test
    void aQuietWindowStartsOver() {
        Throttle.State b = fail(Throttle.State.NONE, 3, t0);
        Instant later = t0.plus(Duration.ofMinutes(16));
        b = fail(b, 1, later);
        assertThat(b.failures()).isEqualTo(1);
        assertThat(throttle.retryAfter(b, later)).isZero();
    }
}
