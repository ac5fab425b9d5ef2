package app.platform.identity.signin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    final Throttle throttle = new Throttle(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(15));

    @Test
    void freeFailuresCostNothingThenTheWaitDoublesUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            throttle.failure("a", t0);
        }
        assertThat(throttle.retryAfter("a", t0)).isZero();
        throttle.failure("a", t0);
        assertThat(throttle.retryAfter("a", t0)).isEqualTo(Duration.ofSeconds(1));
        throttle.failure("a", t0);
        assertThat(throttle.retryAfter("a", t0)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            throttle.failure("a", t0);
        }
        assertThat(throttle.retryAfter("a", t0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.retryAfter("a", t0.plusSeconds(11))).isZero();
        assertThat(throttle.retryAfter("b", t0)).isZero();
    }

    @Test
    void aSuccessOrAQuietWindowForgets() {
        for (int i = 0; i < 5; i++) {
            throttle.failure("a", t0);
        }
        throttle.success("a");
        assertThat(throttle.retryAfter("a", t0)).isZero();
        for (int i = 0; i < 3; i++) {
            throttle.failure("b", t0);
        }
        throttle.failure("b", t0.plus(Duration.ofMinutes(16)));
        assertThat(throttle.retryAfter("b", t0.plus(Duration.ofMinutes(16)))).isZero();
    }
}
