package app.platform.identity.signin.adapter.out.redis;

import app.platform.crypto.Sha256;
import app.platform.identity.signin.application.ThrottleSettings;
import app.platform.identity.signin.application.ThrottleStore;
import app.platform.identity.signin.domain.Throttle;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The throttles' states in Redis when {@code identity.throttle.redis-url} is set, so that counting a failure takes
 * no row lock in PostgreSQL: one hash per key's SHA-256 (never the key, it holds addresses), expiring with its
 * window. A failure is counted in an optimistic transaction (WATCH, MULTI, EXEC, again when the key changed
 * meanwhile) on a connection of its own, a WATCH holding for its whole connection. Should Redis not answer, the
 * call goes to PostgreSQL ({@code JdbcThrottleStore}), which keeps the states until Redis answers again: the
 * throttles never fail open. Connected on first use, so the service starts while Redis is down.
 */
@Component
@Primary
@ConditionalOnExpression("!'${identity.throttle.redis-url:}'.isBlank()")
class RedisThrottleStore implements ThrottleStore, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisThrottleStore.class);
    private static final int ROUNDS = 20;
    private final RedisClient client;
    private final ThrottleStore fallback;
    private final Duration window;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Lock transactions = new ReentrantLock();
    /** Guarded by {@code this}. */
    private StatefulRedisConnection<String, String> shared;
    /** Guarded by {@code transactions}. */
    private StatefulRedisConnection<String, String> transacting;

    RedisThrottleStore(ThrottleSettings settings, @Qualifier("jdbcThrottleStore") ThrottleStore fallback) {
        this.client = RedisClient.create(settings.redisUrl());
        this.client.setDefaultTimeout(settings.redisTimeout());
        // while disconnected, a command fails at once rather than waiting to be replayed after PostgreSQL took it
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.redisTimeout()).build()).build());
        this.fallback = fallback;
        this.window = settings.window();
    }

    @Override
    public Optional<Throttle.State> state(String key) {
        return get(() -> read(commands(), id(key)), () -> fallback.state(key));
    }

    @Override
    public void update(String key, UnaryOperator<Throttle.State> next) {
        run(() -> transact(id(key), next), () -> fallback.update(key, next));
    }

    @Override
    public void forget(String key) {
        run(() -> commands().del(id(key)), () -> fallback.forget(key));
    }

    @Override
    public boolean claim(String key, Instant until) {
        return get(() -> "OK".equals(commands().set(id(key), "1", new SetArgs().nx().pxAt(until.toEpochMilli()))),
                () -> fallback.claim(key, until));
    }

    /** Redis expires its keys itself: what is left to prune is what PostgreSQL kept during an outage. */
    @Override
    public int prune(Instant before, Instant now) {
        return fallback.prune(before, now);
    }

    @Override
    public void destroy() {
        client.shutdown(); // closes its connections too
    }

    private void transact(String id, UnaryOperator<Throttle.State> next) {
        transactions.lock();
        try {
            if (transacting == null) {
                transacting = client.connect();
            }
            RedisCommands<String, String> redis = transacting.sync();
            for (int round = 0; round < ROUNDS; round++) {
                redis.watch(id);
                Throttle.State updated = next.apply(read(redis, id).orElse(Throttle.State.NONE));
                redis.multi();
                redis.del(id);
                redis.hset(id, fields(updated));
                redis.pexpireat(id, expiry(updated));
                if (!redis.exec().wasDiscarded()) {
                    return;
                }
            }
            throw new IllegalStateException("a throttle's state changed under " + ROUNDS + " updates in a row");
        } catch (RedisException e) {
            // a transaction broken off must not leave its WATCH or MULTI behind: the next one starts afresh
            if (transacting != null) {
                transacting.close();
                transacting = null;
            }
            throw e;
        } finally {
            transactions.unlock();
        }
    }

    private synchronized RedisCommands<String, String> commands() {
        if (shared == null) {
            shared = client.connect();
        }
        return shared.sync();
    }

    private <T> T get(Supplier<T> redis, Supplier<T> postgres) {
        try {
            T answer = redis.get();
            if (failing.compareAndSet(true, false)) {
                log.info("throttles: Redis answers again");
            }
            return answer;
        } catch (RedisException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("throttles: Redis does not answer, PostgreSQL keeps the states until it does ({})", e.toString());
            }
            return postgres.get();
        }
    }

    private void run(Runnable redis, Runnable postgres) {
        get(() -> {
            redis.run();
            return null;
        }, () -> {
            postgres.run();
            return null;
        });
    }

    private long expiry(Throttle.State state) {
        long quiet = state.last().plus(window).toEpochMilli();
        return state.blockedUntil() == null ? quiet : Math.max(quiet, state.blockedUntil().toEpochMilli());
    }

    private static String id(String key) {
        return "throttle:" + Sha256.hex(key);
    }

    private static Optional<Throttle.State> read(RedisCommands<String, String> redis, String id) {
        Map<String, String> hash = redis.hgetall(id);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        String until = hash.get("until");
        return Optional.of(new Throttle.State(Integer.parseInt(hash.get("failures")),
                Instant.ofEpochMilli(Long.parseLong(hash.get("last"))),
                until == null ? null : Instant.ofEpochMilli(Long.parseLong(until))));
    }

    private static Map<String, String> fields(Throttle.State state) {
        Map<String, String> fields = new HashMap<>(Map.of("failures", String.valueOf(state.failures()),
                "last", String.valueOf(state.last().toEpochMilli())));
        if (state.blockedUntil() != null) {
            fields.put("until", String.valueOf(state.blockedUntil().toEpochMilli()));
        }
        return fields;
    }
}
