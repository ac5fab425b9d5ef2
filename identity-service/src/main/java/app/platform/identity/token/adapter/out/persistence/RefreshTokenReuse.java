package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.KeyCipher;
import app.platform.crypto.Sha256;
import app.platform.events.EventMetadata;
import app.platform.events.identity.SessionRevoked;
import app.platform.outbox.JdbcOutbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * Refresh-token reuse detection: every refresh token rotated away is remembered by hash in
 * {@code refresh_token_history}. One presented again means someone holds a copy: its whole session (the authorization
 * and every token in it) is revoked, and {@code SessionRevoked} is published with reason {@code refresh_token_reuse}:
 * after the reuse interval of its rotation, or once the token that replaced it was rotated away as well. Within it,
 * the refresh is answered with the session's current token (GoTrue's {@code REFRESH_TOKEN_REUSE_INTERVAL}).
 */
final class RefreshTokenReuse {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuse.class);

    private record Rotated(String authorizationId, String principal) {
    }

    private final JdbcClient jdbc;
    private final OAuth2AuthorizationService store;
    private final JdbcOutbox outbox;
    private final Clock clock;
    private final KeyCipher cipher;
    private final Duration reuseInterval;

    /**
     * @param store         the authorizations as stored, to revoke a session from
     * @param cipher        seals the token that replaced a rotated one
     * @param reuseInterval how long after its rotation a token is answered with the one that replaced it
     */
    RefreshTokenReuse(JdbcClient jdbc, OAuth2AuthorizationService store, JdbcOutbox outbox, Clock clock,
                      KeyCipher cipher, Duration reuseInterval) {
        this.jdbc = jdbc;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.cipher = cipher;
        this.reuseInterval = reuseInterval;
    }

    /**
     * Remembers a refresh token of {@code authorization} that a new one replaces, by its stored (hashed) value, and the
     * new one ({@code authorization}'s, as issued), sealed, for a refresh presenting the replaced one within the reuse
     * interval.
     */
    void rotatedAway(String storedValue, OAuth2Authorization authorization) {
        var replacing = authorization.getRefreshToken();
        byte[] successor = replacing == null ? null
                : cipher.encrypt(replacing.getToken().getTokenValue().getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                        INSERT INTO refresh_token_history (token_hash, authorization_id, principal_name, successor)
                        VALUES (:hash, :id, :principal, :successor) ON CONFLICT DO NOTHING""")
                .param("hash", Sha256.of(storedValue)).param("id", authorization.getId())
                .param("principal", authorization.getPrincipalName()).param("successor", successor).update();
    }

    /**
     * The token that replaced a presented one, when that rotation is within the reuse interval: a second tab, or a
     * page and its middleware, refreshing with the token a moment after the first did.
     */
    Optional<String> successorWithinInterval(String presented) {
        if (!reuseInterval.isPositive()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT successor FROM refresh_token_history WHERE token_hash = :hash AND successor IS NOT NULL
                            AND rotated_at > now() - make_interval(secs => :seconds)""")
                .param("hash", Sha256.of(HashedTokens.hash(presented)))
                .param("seconds", reuseInterval.toMillis() / 1000.0)
                .query(byte[].class).optional()
                .flatMap(this::opened);
    }

    /**
     * Forgets the sealed successors of the rotations past the reuse interval, which answer nothing any more: a copy of
     * the database then holds a session's current refresh token, sealed, for a minute and the interval at most.
     */
    void forgetSuccessorsPastTheInterval() {
        jdbc.sql("""
                        UPDATE refresh_token_history SET successor = NULL
                        WHERE successor IS NOT NULL AND rotated_at <= now() - make_interval(secs => :seconds)""")
                .param("seconds", Math.max(0, reuseInterval.toMillis()) / 1000.0).update();
    }

    /** A sealed successor opened; none when it cannot be (another key-encryption key): the reuse is then a reuse. */
    private Optional<String> opened(byte[] sealed) {
        try {
            return Optional.of(new String(cipher.decrypt(sealed), StandardCharsets.UTF_8));
        } catch (RuntimeException unreadable) {
            log.warn("a rotated refresh token's successor could not be opened ({}): its reuse interval is skipped",
                    unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
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
