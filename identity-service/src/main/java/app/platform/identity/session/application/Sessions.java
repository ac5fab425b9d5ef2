package app.platform.identity.session.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The sessions port: a session is an OAuth2 authorization with its tokens, and what we show of it. */
public interface Sessions {

    record Session(String id, String clientId, String userAgent, String ip, Instant createdAt, Instant lastUsedAt) {
    }

    List<Session> of(UUID userId);

    /**
     * Ends one of the user's sessions and signs its browser out, unless that browser is the one {@code keep} (the
     * caller's session, may be null) was issued in; false if it is not one of theirs.
     */
    boolean revoke(UUID userId, String sessionId, String keep);

    /**
     * Ends every session of the user but {@code keep} (none when null), and every browser session at the hosted
     * pages but the one {@code keep} was issued in (the others sign in there again); returns the ended session ids.
     */
    List<String> revokeAllExcept(UUID userId, String keep);
}
