package app.platform.identity.mfa.adapter.out.persistence;

import app.platform.identity.mfa.application.SecondFactorStore;
import app.platform.runtime.Times;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSecondFactorStore implements SecondFactorStore {

    private final JdbcClient jdbc;

    JdbcSecondFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<TotpState> totp(UUID userId) {
        return totp(userId, "");
    }

    @Override
    public Optional<TotpState> lockTotp(UUID userId) {
        return totp(userId, " FOR UPDATE");
    }

    private Optional<TotpState> totp(UUID userId, String lock) {
        return jdbc.sql("""
                        SELECT secret_encrypted, confirmed_at IS NOT NULL, last_used_step, failed_attempts, locked_until
                        FROM two_factor WHERE user_id = :id""" + lock)
                .param("id", userId)
                .query((rs, n) -> new TotpState(rs.getBytes(1), rs.getBoolean(2), rs.getLong(3), rs.getInt(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .optional();
    }

    @Override
    public boolean beginEnrolment(UUID userId, byte[] secretEncrypted, Instant now) {
        return jdbc.sql("""
                        INSERT INTO two_factor (user_id, secret_encrypted, created_at) VALUES (:id, :secret, :now)
                        ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted,
                            created_at = excluded.created_at, last_used_step = 0, failed_attempts = 0, locked_until = NULL
                        WHERE two_factor.confirmed_at IS NULL""")
                .param("id", userId).param("secret", secretEncrypted).param("now", Times.utc(now)).update() == 1;
    }

    @Override
    public boolean useStep(UUID userId, long step, boolean confirm, Instant now) {
        return jdbc.sql("""
                        UPDATE two_factor SET last_used_step = :step, failed_attempts = 0, locked_until = NULL,
                            confirmed_at = CASE WHEN :confirm THEN coalesce(confirmed_at, :now) ELSE confirmed_at END
                        WHERE user_id = :id AND last_used_step < :step""")
                .param("step", step).param("confirm", confirm).param("now", Times.utc(now)).param("id", userId)
                .update() == 1;
    }

    @Override
    public void recordFailure(UUID userId, int lockAfter, Instant lockUntil) {
        jdbc.sql("""
                        UPDATE two_factor SET failed_attempts = failed_attempts + 1,
                            locked_until = CASE WHEN failed_attempts + 1 >= :after THEN :until ELSE locked_until END
                        WHERE user_id = :id""")
                .param("after", lockAfter).param("until", Times.utc(lockUntil)).param("id", userId).update();
    }

    @Override
    public void clearFailures(UUID userId) {
        jdbc.sql("UPDATE two_factor SET failed_attempts = 0, locked_until = NULL WHERE user_id = :id")
                .param("id", userId).update();
    }

    @Override
    public void replaceBackupCodes(UUID userId, List<byte[]> fingerprints) {
        jdbc.sql("DELETE FROM backup_code WHERE user_id = :id").param("id", userId).update();
        for (byte[] fingerprint : fingerprints) {
            jdbc.sql("INSERT INTO backup_code (user_id, code_hash) VALUES (:id, :hash)")
                    .param("id", userId).param("hash", fingerprint).update();
        }
    }

    @Override
    public boolean useBackupCode(UUID userId, byte[] fingerprint, Instant now) {
        return jdbc.sql("""
                        UPDATE backup_code SET used_at = :now
                        WHERE user_id = :id AND code_hash = :hash AND used_at IS NULL""")
                .param("now", Times.utc(now)).param("id", userId).param("hash", fingerprint).update() == 1;
    }

    @Override
    public int unusedBackupCodes(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM backup_code WHERE user_id = :id AND used_at IS NULL")
                .param("id", userId).query(Integer.class).single();
    }

    @Override
    public void delete(UUID userId) {
        jdbc.sql("DELETE FROM backup_code WHERE user_id = :id").param("id", userId).update();
        jdbc.sql("DELETE FROM two_factor WHERE user_id = :id").param("id", userId).update();
    }
}
