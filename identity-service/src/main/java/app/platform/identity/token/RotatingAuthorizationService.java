package app.platform.identity.token;

import app.platform.events.EventMetadata;
import app.platform.events.identity.SessionRevoked;
import app.platform.identity.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Refresh-token rotation with reuse detection around the JDBC store. Every refresh issues a new refresh token
 * ({@code reuse-refresh-tokens: false}); the one it replaces is remembered by hash. When a replaced token is
 * presented again, someone holds a copy: the whole session (the authorization and every token in it) is revoked,
 * and {@code SessionRevoked} is published with reason {@code refresh_token_reuse}. It also keeps each user
 * session's {@code session_info} (device, address, times). Token values are stored hashed ({@link HashedTokens}).
 */
public class RotatingAuthorizationService implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(RotatingAuthorizationService.class);

    private final OAuth2AuthorizationService store;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final Clock clock;

    public RotatingAuthorizationService(OAuth2AuthorizationService store, JdbcClient jdbc, TransactionTemplate tx,
                                        Outbox outbox, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        tx.executeWithoutResult(status -> {
            OAuth2Authorization hashed = HashedTokens.hashed(authorization);
            String before = refreshToken(store.findById(authorization.getId()));
            String after = refreshToken(hashed);
            if (before != null && !before.equals(after)) {
                jdbc.sql("""
                                INSERT INTO refresh_token_history (token_hash, authorization_id, principal_name)
                                VALUES (:hash, :id, :principal) ON CONFLICT DO NOTHING""")
                        .param("hash", sha256(before)).param("id", authorization.getId())
                        .param("principal", authorization.getPrincipalName()).update();
            }
            store.save(hashed);
            trackSession(authorization);
        });
    }

    /**
     * Keeps {@code session_info} beside each user's authorization: the browser's user agent and address when the
     * session starts (the authorize request), the time of each later use (code exchange, refresh).
     */
    private void trackSession(OAuth2Authorization authorization) {
        UUID userId = userId(authorization.getPrincipalName());
        if (userId == null) {
            return; // client credentials: no user, no session
        }
        HttpServletRequest request = currentRequest();
        jdbc.sql("""
                        INSERT INTO session_info (authorization_id, user_id, client_id, user_agent, ip)
                        VALUES (:id, :user, :client, :agent, :ip)
                        ON CONFLICT (authorization_id) DO UPDATE SET last_used_at = now()""")
                .param("id", authorization.getId()).param("user", userId)
                .param("client", authorization.getRegisteredClientId())
                .param("agent", request == null ? null : truncate(request.getHeader("User-Agent"), 512))
                .param("ip", request == null ? null : request.getRemoteAddr())
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

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = store.findByToken(HashedTokens.hash(token), tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            revokeIfReused(token);
        }
        return HashedTokens.revealed(found, token);
    }

    private void revokeIfReused(String token) {
        tx.executeWithoutResult(status -> jdbc.sql("""
                        SELECT authorization_id, principal_name FROM refresh_token_history WHERE token_hash = :hash""")
                .param("hash", sha256(HashedTokens.hash(token)))
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional()
                .ifPresent(reused -> {
                    OAuth2Authorization session = store.findById(reused[0]);
                    if (session != null) {
                        store.remove(session);
                        log.warn("a rotated refresh token was presented again: session {} revoked", reused[0]);
                        UUID userId = UUID.fromString(reused[1]);
                        outbox.append(new SessionRevoked(userId, reused[0], "refresh_token_reuse", clock.instant()),
                                new EventMetadata(null, "system"));
                    }
                }));
    }

    private static String refreshToken(OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
        return token == null ? null : token.getToken().getTokenValue();
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
