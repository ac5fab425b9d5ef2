package app.platform.identity.token.adapter.out.persistence;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Keeps {@code session_info} beside each user's authorization, what the user sees of a session: the browser's user
 * agent and address when the session starts (the authorize request), the time of each later use (code exchange,
 * refresh).
 */
final class SessionTracking {

    private static final int MAX_USER_AGENT = 512;
    private final JdbcClient jdbc;

    SessionTracking(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void track(OAuth2Authorization authorization) {
        UUID userId = userId(authorization.getPrincipalName());
        if (userId == null) {
            return; // client credentials: no user, no session
        }
        // a later use (a refresh) only marks the session used, and never loads the browser session: Spring Session
        // would read it on a connection of its own, beside the one a refresh holds with its session's row locked
        if (jdbc.sql("UPDATE session_info SET last_used_at = now() WHERE authorization_id = :id")
                .param("id", authorization.getId()).update() > 0) {
            return;
        }
        HttpServletRequest request = currentRequest();
        jdbc.sql("""
                        INSERT INTO session_info (authorization_id, user_id, client_id, user_agent, ip, browser_session)
                        VALUES (:id, :user, :client, :agent, :ip, :browser)
                        ON CONFLICT (authorization_id) DO UPDATE SET last_used_at = now()""")
                .param("id", authorization.getId()).param("user", userId)
                .param("client", authorization.getRegisteredClientId())
                .param("agent", request == null ? null : truncate(request.getHeader("User-Agent"), MAX_USER_AGENT))
                .param("ip", request == null ? null : request.getRemoteAddr())
                .param("browser", request == null || request.getSession(false) == null ? null
                        : request.getSession(false).getId())
                .update();
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    private static UUID userId(String principal) {
        try {
            return UUID.fromString(principal);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
