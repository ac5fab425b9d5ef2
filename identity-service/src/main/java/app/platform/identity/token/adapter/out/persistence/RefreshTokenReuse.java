package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.Sha256;
import app.platform.events.EventMetadata;
import app.platform.events.identity.SessionRevoked;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * Refresh-token reuse detection: every refresh token rotated away is remembered by hash in
 * {@code refresh_token_history}. One presented again means someone holds a copy: its whole session (the authorization
 * and every token in it) is revoked, and {@code SessionRevoked} is published with reason {@code refresh_token_reuse}.
 */
final class RefreshTokenReuse {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuse.class);

    private record Rotated(String authorizationId, String principal) {
    }

    private final JdbcClient jdbc;
    private final OAuth2AuthorizationService store;
    private final JdbcOutbox outbox;
    private final Clock clock;

    /** @param store the authorizations as stored, to revoke a session from */
    RefreshTokenReuse(JdbcClient jdbc, OAuth2AuthorizationService store, JdbcOutbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Remembers a refresh token of {@code authorization} that a new one replaces, by its stored (hashed) value. */
    void rotatedAway(String storedValue, OAuth2Authorization authorization) {
        jdbc.sql("""
                        INSERT INTO refresh_token_history (token_hash, authorization_id, principal_name)
                        VALUES (:hash, :id, :principal) ON CONFLICT DO NOTHING""")
                .param("hash", Sha256.of(storedValue)).param("id", authorization.getId())
                .param("principal", authorization.getPrincipalName()).update();
    }

    /** Revokes the session of a presented refresh token that was rotated away; nothing for any other value. */
    void revokeIfReused(String presented) {
        revokeIfRotatedAway(HashedTokens.hash(presented));
    }

    /** The same, for a refresh token by its stored (hashed) value. */
    void revokeIfRotatedAway(String storedValue) {
        jdbc.sql("SELECT authorization_id, principal_name FROM refresh_token_history WHERE token_hash = :hash")
                .param("hash", Sha256.of(storedValue))
                .query((rs, n) -> new Rotated(rs.getString(1), rs.getString(2)))
                .optional()
                .ifPresent(this::revoke);
    }

    private void revoke(Rotated reused) {
        OAuth2Authorization session = store.findById(reused.authorizationId());
        if (session != null) {
            store.remove(session);
            log.warn("a rotated refresh token was presented again: session {} revoked", reused.authorizationId());
            UUID userId = UUID.fromString(reused.principal());
            outbox.append(new SessionRevoked(userId, reused.authorizationId(), "refresh_token_reuse", clock.instant()),
                    new EventMetadata(null, EventMetadata.SYSTEM));
        }
    }
}
