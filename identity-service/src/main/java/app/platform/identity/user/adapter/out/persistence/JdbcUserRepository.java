package app.platform.identity.user.adapter.out.persistence;

import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUserRepository implements UserRepository {

    private final JdbcClient jdbc;

    JdbcUserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean emailTaken(EmailAddress email) {
        return jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = :email AND deleted_at IS NULL")
                .param("email", email.value()).query(Long.class).single() > 0;
    }

    @Override
    public boolean insertWithPassword(UUID id, EmailAddress email, String passwordHash, Instant now) {
        int inserted = jdbc.sql("""
                        INSERT INTO users (id, email, app_metadata, created_at, updated_at)
                        VALUES (:id, :email, '{"provider":"email","providers":["email"]}', :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", id).param("email", email.value()).param("now", Timestamp.from(now)).update();
        if (inserted == 0) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO account (id, user_id, provider, provider_subject, password_hash, created_at, updated_at)
                        VALUES (:id, :user, 'password', :subject, :hash, :now, :now)""")
                .param("id", UUID.randomUUID()).param("user", id).param("subject", id.toString())
                .param("hash", passwordHash).param("now", Timestamp.from(now)).update();
        return true;
    }

    @Override
    public Optional<UUID> activeUserIdByEmail(EmailAddress email) {
        return jdbc.sql("""
                        SELECT id FROM users WHERE lower(email) = :email AND deleted_at IS NULL
                        AND (banned_until IS NULL OR banned_until < now())""")
                .param("email", email.value()).query(UUID.class).optional();
    }

    @Override
    public Optional<String> unverifiedEmailOf(UUID userId) {
        return jdbc.sql("SELECT email FROM users WHERE id = :id AND email_verified_at IS NULL AND email IS NOT NULL")
                .param("id", userId).query(String.class).optional();
    }

    @Override
    public boolean markEmailVerified(UUID userId, Instant now) {
        return jdbc.sql("UPDATE users SET email_verified_at = :now, updated_at = :now WHERE id = :id AND email_verified_at IS NULL")
                .param("now", Timestamp.from(now)).param("id", userId).update() == 1;
    }

    @Override
    public void setPassword(UUID userId, String passwordHash, Instant now) {
        int updated = jdbc.sql("UPDATE account SET password_hash = :hash, updated_at = :now WHERE user_id = :id AND provider = 'password'")
                .param("hash", passwordHash).param("now", Timestamp.from(now)).param("id", userId).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO account (id, user_id, provider, provider_subject, password_hash, created_at, updated_at)
                            VALUES (:id, :user, 'password', :subject, :hash, :now, :now)""")
                    .param("id", UUID.randomUUID()).param("user", userId).param("subject", userId.toString())
                    .param("hash", passwordHash).param("now", Timestamp.from(now)).update();
        }
    }
}
