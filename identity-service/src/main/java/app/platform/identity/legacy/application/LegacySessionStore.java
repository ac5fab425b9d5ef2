package app.platform.identity.legacy.application;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The persistence port of the imported Supabase sessions and refresh tokens (only a hash of each token), and of the
 * legacy sessions exchanged for a platform session: each once, keyed by the hash of user and session.
 */
public interface LegacySessionStore {

    /**
     * GoTrue's {@code auth.sessions} row; {@code hmacKeySealed}: a second-form session's token key, sealed;
     * {@code oauthClientId}: set for a session of GoTrue's own OAuth server (another client's, never exchanged).
     */
    record Session(UUID id, UUID userId, UUID factorId, String aal, Instant notAfter, Instant refreshedAt,
                   String userAgent, String ip, String tag, Instant createdAt, Instant updatedAt, byte[] hmacKeySealed,
                   Long refreshTokenCounter, UUID oauthClientId) {
    }

    /** GoTrue's {@code auth.refresh_tokens} row, the token and its parent as their hashes. */
    record RefreshToken(long id, String tokenHash, String userId, UUID sessionId, boolean revoked, String parentHash,
                        Instant createdAt, Instant updatedAt) {
    }

    void save(Session session);

    void deleteSession(UUID id);

    void save(RefreshToken token);

    void deleteRefreshToken(long id);

    Optional<Session> session(UUID id);

    Optional<RefreshToken> refreshToken(String tokenHash);

    /**
     * Whether every session of the user was ended here at or after {@code sessionStart} (a password reset, "sign out
     * everywhere"): a Supabase session begun before then is ended too.
     */
    boolean endedSince(UUID userId, java.time.Instant sessionStart);

    /** Records the exchange of the session; false if it was exchanged before. */
    boolean firstExchange(String sessionKey, UUID userId);

    /** The platform session (authorization id) an exchanged legacy session became. */
    void exchangedFor(String sessionKey, String authorizationId);

    Optional<String> exchangedFor(String sessionKey);
}
