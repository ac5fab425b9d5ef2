package app.platform.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key: {@code capacity} requests at once, refilled at {@code perSecond}, held in this replica's
 * memory (the default; {@link Limiters} puts them in Redis when one is configured). Keys idle for a minute are
 * forgotten.
 */
public final class TokenBucket {

    private static final int MAX_KEYS = 200_000;
    private final double capacity;
    private final double perNano;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, lastNanos}

    public TokenBucket(int capacity, double perSecond) {
        this.capacity = capacity;
        this.perNano = perSecond / 1_000_000_000d;
    }

    /** Zero when the request may go; otherwise how long until a token is there. */
    public Duration take(String key, long nowNanos) {
        if (buckets.size() > MAX_KEYS) {
            buckets.entrySet().removeIf(e -> nowNanos - (long) e.getValue()[1] > 60_000_000_000L);
        }
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {capacity, nowNanos});
        synchronized (bucket) {
            double tokens = Math.min(capacity, bucket[0] + (nowNanos - (long) bucket[1]) * perNano);
            bucket[1] = nowNanos;
            if (tokens >= 1) {
                bucket[0] = tokens - 1;
                return Duration.ZERO;
            }
            bucket[0] = tokens;
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }
    }
}
