package app.platform.identity.user.adapter.out.persistence;

import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.runtime.Times;
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
    public boolean insert(UUID id, EmailAddress email, String passwordHash, Instant now) {
        int inserted = jdbc.sql("""
                        INSERT INTO users (id, email, app_metadata, created_at, updated_at)
                        VALUES (:id, :email, '{"provider":"email","providers":["email"]}', :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", id).param("email", email.value()).param("now", Times.utc(now)).update();
        if (inserted == 0 || passwordHash == null) {
            return inserted == 1;
        }
        jdbc.sql("""
                        INSERT INTO account (id, user_id, provider, provider_subject, password_hash, created_at, updated_at)
                        VALUES (:id, :user, 'password', :subject, :hash, :now, :now)""")
                .param("id", UUID.randomUUID()).param("user", id).param("subject", id.toString())
                .param("hash", passwordHash).param("now", Times.utc(now)).update();
        return true;
    }

    @Override
    public boolean hasSignInMethod(UUID userId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM account WHERE user_id = :id)
                            OR EXISTS (SELECT 1 FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id
                                       WHERE e.name = :name)""")
                .param("id", userId).param("name", userId.toString()).query(Boolean.class).single();
    }

    @Override
    public Optional<UUID> activeUserIdByEmail(EmailAddress email) {
        return jdbc.sql("""
                        SELECT id FROM users WHERE lower(email) = :email AND deleted_at IS NULL AND NOT is_sso_user
                        AND (banned_until IS NULL OR banned_until < now())""")
                .param("email", email.value()).query(UUID.class).optional();
    }

    @Override
    public Optional<UUID> userIdByEmail(EmailAddress email) {
        return jdbc.sql("SELECT id FROM users WHERE lower(email) = :email AND deleted_at IS NULL AND NOT is_sso_user")
                .param("email", email.value()).query(UUID.class).optional();
    }

    @Override
    public Optional<String> emailOf(UUID userId) {
        return jdbc.sql("SELECT email FROM users WHERE id = :id").param("id", userId).query(String.class).optional();
    }

    @Override
    public Optional<String> unverifiedEmailOf(UUID userId) {
        return jdbc.sql("SELECT email FROM users WHERE id = :id AND email_verified_at IS NULL AND email IS NOT NULL")
                .param("id", userId).query(String.class).optional();
    }

    @Override
    public boolean markEmailVerified(UUID userId, Instant now) {
        return jdbc.sql("UPDATE users SET email_verified_at = :now, updated_at = :now WHERE id = :id AND email_verified_at IS NULL")
                .param("now", Times.utc(now)).param("id", userId).update() == 1;
    }

    @Override
    public boolean removePassword(UUID userId) {
        return jdbc.sql("DELETE FROM account WHERE user_id = :id AND provider = 'password'").param("id", userId).update() > 0;
    }

    @Override
    public void setPassword(UUID userId, String passwordHash, Instant now) {
        int updated = jdbc.sql("UPDATE account SET password_hash = :hash, updated_at = :now, password_set_at = :now "
                        + "WHERE user_id = :id AND provider = 'password'")
                .param("hash", passwordHash).param("now", Times.utc(now)).param("id", userId).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO account (id, user_id, provider, provider_subject, password_hash, created_at,
                                                 updated_at, password_set_at)
                            VALUES (:id, :user, 'password', :subject, :hash, :now, :now, :now)""")
                    .param("id", UUID.randomUUID()).param("user", userId).param("subject", userId.toString())
                    .param("hash", passwordHash).param("now", Times.utc(now)).update();
        }
    }

    @Override
    public java.util.List<UserSummary> search(String query, UUID after, int limit) {
        return jdbc.sql("""
                        SELECT id, email, email_verified_at IS NOT NULL, created_at, banned_until, deleted_at IS NOT NULL
                        FROM users
                        WHERE (:q = '' OR lower(email) LIKE '%' || :q || '%') AND id > :after
                        ORDER BY id LIMIT :limit""")
                .param("q", query == null ? "" : query.trim().toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_"))
                .param("after", after == null ? new UUID(0, 0) : after)
                .param("limit", limit)
                .query(JdbcUserRepository::summary)
                .list();
    }

    @Override
    public Optional<UserSummary> summaryOf(UUID userId) {
        return jdbc.sql("""
                        SELECT id, email, email_verified_at IS NOT NULL, created_at, banned_until, deleted_at IS NOT NULL
                        FROM users WHERE id = :id""")
                .param("id", userId)
                .query(JdbcUserRepository::summary)
                .optional();
    }

    private static UserSummary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new UserSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                rs.getBoolean(6));
    }

    @Override
    public boolean setBannedUntil(UUID userId, Instant until, Instant now) {
        return jdbc.sql("UPDATE users SET banned_until = :until, updated_at = :now WHERE id = :id")
                .param("until", Times.utc(until)).param("now", Times.utc(now))
                .param("id", userId).update() == 1;
    }

    @Override
    public Optional<String> passwordHashOf(UUID userId) {
        return jdbc.sql("""
                        SELECT password_hash FROM account
                        WHERE user_id = :id AND provider = 'password' AND password_hash IS NOT NULL AND password_hash <> ''""")
                .param("id", userId).query(String.class).optional();
    }

    @Override
    public Optional<UUID> userIdByAccount(String provider, String subject) {
        return jdbc.sql("""
                        SELECT u.id FROM account a JOIN users u ON u.id = a.user_id
                        WHERE a.provider = :provider AND a.provider_subject = :subject AND u.deleted_at IS NULL""")
                .param("provider", provider).param("subject", subject).query(UUID.class).optional();
    }

    @Override
    public boolean linkAccount(UUID userId, String provider, String subject, Instant now) {
        return jdbc.sql("""
                        INSERT INTO account (id, user_id, provider, provider_subject, created_at, updated_at)
                        VALUES (:id, :user, :provider, :subject, :now, :now) ON CONFLICT DO NOTHING""")
                .param("id", UUID.randomUUID()).param("user", userId).param("provider", provider)
                .param("subject", subject).param("now", Times.utc(now)).update() == 1;
    }

    @Override
    public boolean insertWithAccount(UUID id, EmailAddress email, boolean emailVerified, String provider,
                                     String subject, Instant now) {
        int inserted = jdbc.sql("""
                        INSERT INTO users (id, email, email_verified_at, app_metadata, created_at, updated_at)
                        VALUES (:id, :email, :verified, CAST(:app AS jsonb), :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", id).param("email", email.value())
                .param("verified", emailVerified ? Times.utc(now) : null)
                .param("app", "{\"provider\":\"" + provider + "\",\"providers\":[\"" + provider + "\"]}")
                .param("now", Times.utc(now)).update();
        return inserted == 1 && linkAccount(id, provider, subject, now);
    }

    @Override
    public boolean isActive(UUID userId) {
        return jdbc.sql("""
                        SELECT count(*) FROM users WHERE id = :id AND deleted_at IS NULL
                        AND (banned_until IS NULL OR banned_until < now())""")
                .param("id", userId).query(Long.class).single() > 0;
    }

    @Override
    public boolean markDeleted(UUID userId, Instant now) {
        boolean deleted = jdbc.sql("UPDATE users SET deleted_at = :now, updated_at = :now WHERE id = :id AND deleted_at IS NULL")
                .param("now", Times.utc(now)).param("id", userId).update() == 1;
        if (deleted) {
            jdbc.sql("DELETE FROM account WHERE user_id = :id").param("id", userId).update();
            jdbc.sql("DELETE FROM email_change WHERE user_id = :id").param("id", userId).update();
        }
        return deleted;
    }
}
