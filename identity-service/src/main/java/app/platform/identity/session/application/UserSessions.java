package app.platform.identity.session.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.SessionRevoked;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's sessions: listed, ended one by one or all but the current one; each ending is published. */
@Service
public class UserSessions {

    private final Sessions sessions;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public UserSessions(Sessions sessions, JdbcOutbox outbox, Clock clock) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    public List<Sessions.Session> list(UUID userId) {
        return sessions.of(userId);
    }

    /**
     * Ends one of the user's sessions, for {@code reason} ({@code user}, {@code signed_out}), and signs its browser out
     * of the hosted pages but when that is the browser of {@code keep} (the caller's own session; null: none).
     */
    @Transactional
    public boolean revoke(UUID userId, String sessionId, String keep, String reason, EventMetadata metadata) {
        boolean revoked = sessions.revoke(userId, sessionId, keep);
        if (revoked) {
            outbox.append(new SessionRevoked(userId, sessionId, reason, clock.instant()), metadata);
        }
        return revoked;
    }

    /** Ends every session but {@code keep} (all of them when null), for {@code reason}. */
    @Transactional
    public int revokeAllExcept(UUID userId, String keep, String reason, EventMetadata metadata) {
        List<String> ended = sessions.revokeAllExcept(userId, keep);
        ended.forEach(id -> outbox.append(new SessionRevoked(userId, id, reason, clock.instant()), metadata));
        return ended.size();
    }
}
