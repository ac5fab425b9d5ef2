package app.platform.identity.signin.adapter.out.persistence;

import app.platform.crypto.Sha256;
import app.platform.identity.signin.application.ThrottleStore;
import app.platform.identity.signin.domain.Throttle;
import app.platform.runtime.Times;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The throttles' states in {@code sign_in_throttle}, by the key's hash; a failure is counted under the row's lock. */
@Repository
class JdbcThrottleStore implements ThrottleStore {

    private static final RowMapper<Throttle.State> STATE = (rs, n) -> new Throttle.State(rs.getInt(1),
            rs.getTimestamp(2).toInstant(), instant(rs.getTimestamp(3)));
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    JdbcThrottleStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public Optional<Throttle.State> state(String key) {
        return jdbc.sql("SELECT failures, last_failure, blocked_until FROM sign_in_throttle WHERE key_hash = :key")
                .param("key", Sha256.hex(key)).query(STATE).optional();
    }

    @Override
    public void update(String key, UnaryOperator<Throttle.State> next) {
        String hash = Sha256.hex(key);
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO sign_in_throttle (key_hash, failures, last_failure) VALUES (:key, 0, :epoch)
                            ON CONFLICT DO NOTHING""")
                    .param("key", hash).param("epoch", Times.utc(Instant.EPOCH)).update();
            Throttle.State current = jdbc.sql("""
                            SELECT failures, last_failure, blocked_until FROM sign_in_throttle WHERE key_hash = :key
                            FOR UPDATE""")
                    .param("key", hash).query(STATE).single();
            Throttle.State updated = next.apply(current);
            jdbc.sql("""
                            UPDATE sign_in_throttle SET failures = :failures, last_failure = :last, blocked_until = :until
                            WHERE key_hash = :key""")
                    .param("failures", updated.failures()).param("last", Times.utc(updated.last()))
                    .param("until", updated.blockedUntil() == null ? null : Times.utc(updated.blockedUntil()))
                    .param("key", hash).update();
        });
    }

    @Override
    public void forget(String key) {
        jdbc.sql("DELETE FROM sign_in_throttle WHERE key_hash = :key").param("key", Sha256.hex(key)).update();
    }

    @Override
    public boolean claim(String key, Instant until) {
        return jdbc.sql("""
                        INSERT INTO sign_in_throttle (key_hash, failures, last_failure, blocked_until)
                        VALUES (:key, 0, :until, :until) ON CONFLICT DO NOTHING""")
                .param("key", Sha256.hex(key)).param("until", Times.utc(until)).update() == 1;
    }

    @Override
    public int prune(Instant before, Instant now) {
        return jdbc.sql("""
                        DELETE FROM sign_in_throttle
                        WHERE last_failure < :before AND (blocked_until IS NULL OR blocked_until < :now)""")
                .param("before", Times.utc(before)).param("now", Times.utc(now)).update();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
