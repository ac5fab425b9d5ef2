package app.platform.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.rate-limit.*}: the token buckets per client address, per address on the sign-in/sign-up/token
 * endpoints, and per user ({@code burst} requests at once, refilled at {@code per-second}; each key has its own
 * default), and where they live: in memory while {@code redis-url} is empty, else in Redis, which must answer within
 * {@code redis-timeout}.
 */
@ConfigurationProperties("gateway.rate-limit")
record RateLimitSettings(Bucket address, Bucket auth, Bucket user, String redisUrl,
                         @DefaultValue("PT0.25S") Duration redisTimeout) {

    RateLimitSettings {
        address = Bucket.withDefaults(address, 200, 100);
        auth = Bucket.withDefaults(auth, 20, 2);
        user = Bucket.withDefaults(user, 100, 50);
        redisUrl = redisUrl == null ? "" : redisUrl;
    }

    /** A bucket family's size and refill rate; a key left out takes the family's default. */
    record Bucket(Integer burst, Double perSecond) {

        static Bucket withDefaults(Bucket bucket, int burst, double perSecond) {
            return new Bucket(bucket == null || bucket.burst() == null ? burst : bucket.burst(),
                    bucket == null || bucket.perSecond() == null ? perSecond : bucket.perSecond());
        }
    }
}
