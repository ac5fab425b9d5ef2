package app.platform.identity.session.adapter.out.persistence;

import app.platform.identity.session.application.Sessions;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ending a session deletes its authorization, so its refresh token stops working at once, and the browser session it
 * was issued in at the hosted pages ({@code session_info.browser_session}, Spring Session's table), so that device
 * cannot come back with a new code without signing in (but for the caller's own browser, when the session ended was
 * issued there too). Ending all of a user's sessions also deletes their browser
 * sessions (indexed by the user's UUID), so no replica still holds them signed in; but for the one the kept session
 * was issued in, so "sign out everywhere else" leaves this browser signed in.
 */
@Repository
class JdbcSessions implements Sessions {

    private final JdbcClient jdbc;

    JdbcSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Session> of(UUID userId) {
        return jdbc.sql("""
                        SELECT authorization_id, client_id, user_agent, ip, created_at, last_used_at FROM session_info
                        WHERE user_id = :user ORDER BY last_used_at DESC""")
                .param("user", userId)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))))
                .list();
    }

    @Override
    public boolean revoke(UUID userId, String sessionId, String keep) {
        jdbc.sql("""
                        DELETE FROM spring_session WHERE principal_name = :user
                          AND session_id = (SELECT browser_session FROM session_info WHERE authorization_id = :id)
                          AND session_id IS DISTINCT FROM (SELECT browser_session FROM session_info WHERE authorization_id = :keep)""")
                // ending the caller's own session signs its browser out too
                .param("user", userId.toString()).param("id", sessionId)
                .param("keep", keep == null || keep.equals(sessionId) ? "" : keep).update();
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE id = :id AND principal_name = :user")
                .param("id", sessionId).param("user", userId.toString()).update() == 1;
    }

    @Override
    public List<String> revokeAllExcept(UUID userId, String keep) {
        // the Supabase sessions not exchanged yet end too (LegacySessions refuses one begun before this)
        jdbc.sql("UPDATE users SET legacy_sessions_ended_at = now() WHERE id = :user").param("user", userId).update();
        // the browser sessions go too, but the one the kept session was issued in
        jdbc.sql("""
                        DELETE FROM spring_session WHERE principal_name = :user AND session_id IS DISTINCT FROM
                            (SELECT browser_session FROM session_info WHERE authorization_id = :keep)""")
                .param("user", userId.toString()).param("keep", keep == null ? "" : keep).update();
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = :user AND id <> :keep RETURNING id")
                .param("user", userId.toString()).param("keep", keep == null ? "" : keep)
                .query(String.class).list();
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
