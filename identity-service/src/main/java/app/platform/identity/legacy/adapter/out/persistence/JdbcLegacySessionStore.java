package app.platform.identity.legacy.adapter.out.persistence;

import app.platform.identity.legacy.application.LegacySessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcLegacySessionStore implements LegacySessionStore {

    private final JdbcClient jdbc;

    JdbcLegacySessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(Session s) {
        jdbc.sql("""
                        INSERT INTO legacy_session (id, user_id, factor_id, aal, not_after, refreshed_at, user_agent, ip, tag,
                                                    created_at, updated_at, refresh_token_hmac_key, refresh_token_counter,
                                                    oauth_client_id)
                        VALUES (:id, :user, :factor, :aal, :notAfter, :refreshedAt, :agent, :ip, :tag, :created, :updated,
                                :key, :counter, :client)
                        ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, factor_id = EXCLUDED.factor_id,
                            aal = EXCLUDED.aal, not_after = EXCLUDED.not_after, refreshed_at = EXCLUDED.refreshed_at,
                            user_agent = EXCLUDED.user_agent, ip = EXCLUDED.ip, tag = EXCLUDED.tag,
                            created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                            refresh_token_hmac_key = EXCLUDED.refresh_token_hmac_key,
                            refresh_token_counter = EXCLUDED.refresh_token_counter,
                            oauth_client_id = EXCLUDED.oauth_client_id""")
                .param("id", s.id()).param("user", s.userId()).param("factor", s.factorId()).param("aal", s.aal())
                .param("notAfter", ts(s.notAfter()))
                // timestamp without time zone: GoTrue writes UTC's wall time
                .param("refreshedAt", s.refreshedAt() == null ? null : s.refreshedAt().atOffset(ZoneOffset.UTC).toLocalDateTime())
                .param("agent", s.userAgent()).param("ip", s.ip()).param("tag", s.tag())
                .param("created", ts(s.createdAt())).param("updated", ts(s.updatedAt()))
                .param("key", s.hmacKeySealed()).param("counter", s.refreshTokenCounter())
                .param("client", s.oauthClientId())
                .update();
    }

    @Override
    public void deleteSession(UUID id) {
        jdbc.sql("DELETE FROM legacy_session WHERE id = :id").param("id", id).update();
    }

    @Override
    public void save(RefreshToken t) {
        jdbc.sql("""
                        INSERT INTO legacy_refresh_token (id, token_hash, user_id, session_id, revoked, parent_hash, created_at, updated_at)
                        VALUES (:id, :hash, :user, :session, :revoked, :parent, :created, :updated)
                        ON CONFLICT (id) DO UPDATE SET token_hash = EXCLUDED.token_hash, user_id = EXCLUDED.user_id,
                            session_id = EXCLUDED.session_id, revoked = EXCLUDED.revoked, parent_hash = EXCLUDED.parent_hash,
                            created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at""")
                .param("id", t.id()).param("hash", t.tokenHash()).param("user", t.userId())
                .param("session", t.sessionId()).param("revoked", t.revoked()).param("parent", t.parentHash())
                .param("created", ts(t.createdAt())).param("updated", ts(t.updatedAt()))
                .update();
    }

    @Override
    public void deleteRefreshToken(long id) {
        jdbc.sql("DELETE FROM legacy_refresh_token WHERE id = :id").param("id", id).update();
    }

    @Override
    public Optional<Session> session(UUID id) {
        return jdbc.sql("SELECT * FROM legacy_session WHERE id = :id").param("id", id)
                .query(JdbcLegacySessionStore::session).optional();
    }

    @Override
    public Optional<RefreshToken> refreshToken(String tokenHash) {
        return jdbc.sql("SELECT * FROM legacy_refresh_token WHERE token_hash = :hash ORDER BY id DESC LIMIT 1")
                .param("hash", tokenHash)
                .query((rs, n) -> new RefreshToken(rs.getLong("id"), rs.getString("token_hash"),
                        rs.getString("user_id"), rs.getObject("session_id", UUID.class), rs.getBoolean("revoked"),
                        rs.getString("parent_hash"), instant(rs, "created_at"), instant(rs, "updated_at")))
                .optional();
    }

    @Override
    public boolean endedSince(UUID userId, java.time.Instant sessionStart) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT legacy_sessions_ended_at >= :start FROM users WHERE id = :id")
                .param("id", userId).param("start", java.sql.Timestamp.from(sessionStart)).query(Boolean.class)
                .optional().orElse(false));
    }

    @Override
    public boolean firstExchange(String sessionKey, UUID userId) {
        return jdbc.sql("INSERT INTO legacy_token_exchange (token_hash, user_id) VALUES (:hash, :user) ON CONFLICT DO NOTHING")
                .param("hash", sessionKey).param("user", userId).update() == 1;
    }

    @Override
    public void exchangedFor(String sessionKey, String authorizationId) {
        jdbc.sql("UPDATE legacy_token_exchange SET authorization_id = :authorization WHERE token_hash = :hash")
                .param("hash", sessionKey).param("authorization", authorizationId).update();
    }

    @Override
    public Optional<String> exchangedFor(String sessionKey) {
        return jdbc.sql("SELECT authorization_id FROM legacy_token_exchange WHERE token_hash = :hash AND authorization_id IS NOT NULL")
                .param("hash", sessionKey).query(String.class).optional();
    }

    private static Session session(ResultSet rs, int n) throws SQLException {
        var refreshed = rs.getObject("refreshed_at", java.time.LocalDateTime.class);
        Long counter = rs.getObject("refresh_token_counter", Long.class);
        return new Session(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("factor_id", UUID.class), rs.getString("aal"), instant(rs, "not_after"),
                refreshed == null ? null : refreshed.toInstant(ZoneOffset.UTC), rs.getString("user_agent"),
                rs.getString("ip"), rs.getString("tag"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getBytes("refresh_token_hmac_key"), counter, rs.getObject("oauth_client_id", UUID.class));
    }

    static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
