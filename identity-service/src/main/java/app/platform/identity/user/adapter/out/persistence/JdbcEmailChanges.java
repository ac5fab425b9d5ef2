package app.platform.identity.user.adapter.out.persistence;

import app.platform.identity.user.application.EmailChanges;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.runtime.Times;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcEmailChanges implements EmailChanges {

    private final JdbcClient jdbc;

    JdbcEmailChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void savePending(UUID userId, EmailAddress email, Instant now) {
        jdbc.sql("""
                        INSERT INTO email_change (user_id, new_email, requested_at) VALUES (:user, :email, :now)
                        ON CONFLICT (user_id) DO UPDATE
                        SET new_email = excluded.new_email, requested_at = excluded.requested_at""")
                .param("user", userId).param("email", email.value()).param("now", Times.utc(now)).update();
    }

    @Override
    public Optional<EmailAddress> pendingOf(UUID userId) {
        return jdbc.sql("SELECT new_email FROM email_change WHERE user_id = :user").param("user", userId)
                .query(String.class).optional().map(EmailAddress::new);
    }

    @Override
    public void deletePending(UUID userId) {
        jdbc.sql("DELETE FROM email_change WHERE user_id = :user").param("user", userId).update();
    }

    /**
     * Guarded by the same rule as the unique index {@code users_email_key}; an account that takes the address in the
     * meantime trips the index itself.
     */
    @Override
    public boolean changeEmail(UUID userId, EmailAddress email, Instant now) {
        try {
            return jdbc.sql("""
                            UPDATE users SET email = :email, email_verified_at = :now, updated_at = :now
                            WHERE id = :id AND deleted_at IS NULL
                            AND NOT EXISTS (SELECT 1 FROM users other
                                            WHERE lower(other.email) = :email AND other.id <> :id
                                            AND other.deleted_at IS NULL AND NOT other.is_sso_user)""")
                    .param("email", email.value()).param("now", Times.utc(now)).param("id", userId).update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }
}
