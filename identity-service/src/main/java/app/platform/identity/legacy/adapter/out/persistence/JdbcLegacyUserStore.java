package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacyUserStore;
import app.platform.identity.legacy.application.LegacyImport;
import app.platform.identity.legacy.domain.LegacyUser;
import app.platform.runtime.Times;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The imported users in identity's own tables. Times, the address and the phone are always taken as they come (they
 * are never TOASTed, and null means null: an unban, an address removed); the JSON metadata left {@code null} by the
 * change (an unchanged TOASTed value never seen) keeps its stored value.
 */
@Repository
class JdbcLegacyUserStore implements LegacyUserStore {

    private final JdbcClient jdbc;

    JdbcLegacyUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean upsert(LegacyUser u) {
        boolean existed = exists(u.id());
        jdbc.sql("""
                        INSERT INTO users (id, email, phone, is_sso_user, email_verified_at, banned_until, deleted_at,
                                           is_anonymous, app_metadata, user_metadata, created_at, updated_at)
                        VALUES (:id, :email, :phone, :sso, :verified, :banned, :deleted, :anonymous,
                                coalesce(CAST(:app AS jsonb), '{}'), coalesce(CAST(:usr AS jsonb), '{}'),
                                coalesce(:created, now()), now())
                        ON CONFLICT (id) DO UPDATE SET
                            email = excluded.email,
                            phone = excluded.phone,
                            is_sso_user = excluded.is_sso_user,
                            email_verified_at = excluded.email_verified_at,
                            banned_until = excluded.banned_until,
                            deleted_at = excluded.deleted_at,
                            is_anonymous = excluded.is_anonymous,
                            app_metadata = coalesce(CAST(:app AS jsonb), users.app_metadata),
                            user_metadata = coalesce(CAST(:usr AS jsonb), users.user_metadata),
                            updated_at = now()""")
                .param("id", u.id()).param("email", u.email()).param("phone", u.phone()).param("sso", u.ssoUser())
                .param("verified", Times.utc(u.emailConfirmedAt()))
                .param("banned", Times.utc(u.bannedUntil())).param("deleted", Times.utc(u.deletedAt())).param("anonymous", u.anonymous())
                .param("app", u.appMetadata()).param("usr", u.userMetadata()).param("created", Times.utc(u.createdAt()))
                .update();
        return !existed;
    }

    @Override
    public void setPasswordHash(UUID userId, String hash) {
        jdbc.sql("""
                        INSERT INTO account (id, user_id, provider, provider_subject, password_hash)
                        VALUES (:id, :user, 'password', :subject, :hash)
                        ON CONFLICT (provider, provider_subject) DO UPDATE SET password_hash = excluded.password_hash,
                            updated_at = now()""")
                .param("id", UUID.randomUUID()).param("user", userId).param("subject", userId.toString())
                .param("hash", hash).update();
    }

    @Override
    public void removePassword(UUID userId) {
        jdbc.sql("DELETE FROM account WHERE user_id = :user AND provider = 'password'").param("user", userId).update();
    }

    @Override
    public void unlink(UUID userId, String provider, String subject) {
        jdbc.sql("DELETE FROM account WHERE user_id = :user AND provider = :provider AND provider_subject = :subject")
                .param("user", userId).param("provider", provider).param("subject", subject).update();
        jdbc.sql("DELETE FROM legacy_pending_identity WHERE user_id = :user AND provider = :provider AND provider_id = :subject")
                .param("user", userId).param("provider", provider).param("subject", subject).update();
    }

    private boolean exists(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM users WHERE id = :id").param("id", userId).query(Long.class).single() > 0;
    }

    @Override
    public void markDeleted(UUID userId, Instant at) {
        jdbc.sql("UPDATE users SET deleted_at = coalesce(deleted_at, :at), updated_at = now() WHERE id = :id")
                .param("at", Times.utc(at)).param("id", userId).update();
    }

    @Override
    public boolean link(UUID userId, String provider, String subject) {
        if (!exists(userId)) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO account (id, user_id, provider, provider_subject) VALUES (:id, :user, :provider, :subject)
                        ON CONFLICT (provider, provider_subject) DO NOTHING""")
                .param("id", UUID.randomUUID()).param("user", userId).param("provider", provider).param("subject", subject)
                .update();
        return true;
    }

    @Override
    public void pend(String provider, String subject, UUID userId) {
        jdbc.sql("""
                        INSERT INTO legacy_pending_identity (provider, provider_id, user_id) VALUES (:provider, :subject, :user)
                        ON CONFLICT DO NOTHING""")
                .param("provider", provider).param("subject", subject).param("user", userId).update();
    }

    @Override
    public List<String[]> takePending(UUID userId) {
        return jdbc.sql("DELETE FROM legacy_pending_identity WHERE user_id = :user RETURNING provider, provider_id")
                .param("user", userId).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }
}
