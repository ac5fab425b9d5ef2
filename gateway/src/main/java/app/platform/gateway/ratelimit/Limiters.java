package app.platform.gateway.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where the token buckets live. In memory by default (each replica limits what it sees); in Redis when
 * {@code gateway.rate-limit.redis-url} is set, so several gateway replicas share one limit per key: one atomic Lua
 * script per request refills and takes from the bucket on Redis's own clock. Should Redis not answer within
 * {@code gateway.rate-limit.redis-timeout}, the request goes through (limits fail open, the front door stays up)
 * and a warning is logged once per outage.
 */
@Component
public class Limiters implements DisposableBean {

    /** A bucket family: {@code take(key)} emits zero when the request may go, else how long until it may. */
    public interface Limiter {
        Mono<Duration> take(String key);
    }

    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1]) or capacity
            local ts = tonumber(b[2]) or now
            tokens = math.min(capacity, tokens + (now - ts) * rate / 1000000)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000000 / rate) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
            return wait
            """;

    private static final Logger log = LoggerFactory.getLogger(Limiters.class);
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> redis;
    private final Duration timeout;
    private final AtomicBoolean failing = new AtomicBoolean();

    Limiters(RateLimitSettings settings) {
        this.timeout = settings.redisTimeout();
        String redisUrl = settings.redisUrl();
        if (redisUrl.isBlank()) {
            this.client = null;
            this.redis = null;
        } else {
            this.client = RedisClient.create(redisUrl);
            this.client.setDefaultTimeout(timeout);
            this.redis = client.connect();
        }
    }

    public boolean shared() {
        return redis != null;
    }

    /** The buckets named {@code name}: {@code burst} requests at once, refilled at {@code perSecond}. */
    public Limiter of(String name, int burst, double perSecond) {
        if (redis == null) {
            TokenBucket local = new TokenBucket(burst, perSecond);
            return key -> Mono.just(local.take(key, System.nanoTime()));
        }
        String[] args = {String.valueOf(burst), String.valueOf(perSecond)};
        return key -> redis.reactive().<Long>eval(SCRIPT, ScriptOutputType.INTEGER, new String[] {"rate:" + name + ":" + key}, args)
                .next()
                .timeout(timeout)
                .map(micros -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info("rate limits: Redis answers again");
                    }
                    return Duration.ofNanos(micros * 1000);
                })
                .onErrorResume(e -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warn("rate limits: Redis does not answer ({}); requests pass unlimited until it does", e.toString());
                    }
                    return Mono.just(Duration.ZERO);
                });
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redis.close();
            client.shutdown();
        }
    }
}
