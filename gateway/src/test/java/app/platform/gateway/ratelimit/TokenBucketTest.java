package app.platform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void aBurstThenTheRefillRateAndKeysAreApart() {
        TokenBucket bucket = new TokenBucket(3, 2); // 3 at once, then 2 a second
        long t = 1_000_000_000L;
        assertThat(bucket.take("a", t)).isZero();
        assertThat(bucket.take("a", t)).isZero();
        assertThat(bucket.take("a", t)).isZero();
        assertThat(bucket.take("a", t)).isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.take("b", t)).isZero();
        assertThat(bucket.take("a", t + 500_000_000L)).isZero();
        assertThat(bucket.take("a", t + 500_000_000L)).isPositive();
    }
}
