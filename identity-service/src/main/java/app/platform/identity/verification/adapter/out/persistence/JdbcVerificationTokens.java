package app.platform.identity.verification.adapter.out.persistence;

import app.platform.identity.verification.application.VerificationTokens;
import app.platform.identity.verification.domain.Purpose;
import app.platform.runtime.Times;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcVerificationTokens implements VerificationTokens {

    private final JdbcClient jdbc;

    JdbcVerificationTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void issue(UUID userId, Purpose purpose, byte[] tokenHash, Instant expiresAt) {
        jdbc.sql("UPDATE verification SET used_at = now() WHERE user_id = :user AND purpose = :purpose AND used_at IS NULL")
                .param("user", userId).param("purpose", purpose.name()).update();
        jdbc.sql("""
                        INSERT INTO verification (id, user_id, purpose, token_hash, expires_at)
                        VALUES (:id, :user, :purpose, :hash, :expires)""")
                .param("id", UUID.randomUUID()).param("user", userId).param("purpose", purpose.name())
                .param("hash", tokenHash).param("expires", Times.utc(expiresAt)).update();
    }

    @Override
    public void voidUnused(UUID userId, Purpose... purposes) {
        jdbc.sql("UPDATE verification SET used_at = now() WHERE user_id = :user AND used_at IS NULL "
                        + "AND purpose = ANY (CAST(:purposes AS text[]))")
                .param("user", userId)
                .param("purposes", java.util.Arrays.stream(purposes).map(Purpose::name).toArray(String[]::new)).update();
    }

    @Override
    public Optional<UUID> consume(byte[] tokenHash, Purpose purpose, Instant now) {
        return jdbc.sql("""
                        UPDATE verification SET used_at = :now
                        WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
                        RETURNING user_id""")
                .param("now", Times.utc(now)).param("hash", tokenHash).param("purpose", purpose.name())
                .query(UUID.class).optional();
    }

    @Override
    public boolean mayIssue(UUID userId, Purpose purpose) {
        return jdbc.sql("""
                        SELECT count(*) FROM verification
                        WHERE user_id = :user AND purpose = :purpose AND created_at > now() - interval '1 hour'""")
                .param("user", userId).param("purpose", purpose.name()).query(Long.class).single() < purpose.mailsPerHour();
    }
}
