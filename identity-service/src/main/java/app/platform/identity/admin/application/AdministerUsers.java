package app.platform.identity.admin.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserUnbanned;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.application.UserRepository;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What operators do to accounts: find them, ban and unban them, end their sessions. */
@Service
public class AdministerUsers {

    /** A ban with no end: as Supabase's {@code banned_until = 'infinity'}, far enough. */
    public static final Instant FOREVER = Instant.parse("9999-12-31T00:00:00Z");

    private final UserRepository users;
    private final UserSessions sessions;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public AdministerUsers(UserRepository users, UserSessions sessions, JdbcOutbox outbox, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    public List<UserRepository.UserSummary> search(String query, UUID after, int limit) {
        return users.search(query, after, Math.max(1, Math.min(limit, 200)));
    }

    /** Bans until {@code until} (for ever when null) and ends every session; false if there is no such user. */
    @Transactional
    public boolean ban(UUID userId, Instant until, EventMetadata metadata) {
        Instant now = clock.instant();
        Instant end = until == null ? FOREVER : until;
        if (!end.isAfter(now)) {
            throw new InvalidInput("until", "must be in the future");
        }
        if (!users.setBannedUntil(userId, end, now)) {
            return false;
        }
        sessions.revokeAllExcept(userId, null, "admin", metadata);
        outbox.append(new UserBanned(userId, end, now), metadata);
        return true;
    }

    @Transactional
    public boolean unban(UUID userId, EventMetadata metadata) {
        Instant now = clock.instant();
        if (!users.setBannedUntil(userId, null, now)) {
            return false;
        }
        outbox.append(new UserUnbanned(userId, now), metadata);
        return true;
    }

    @Transactional
    public int endSessions(UUID userId, EventMetadata metadata) {
        return sessions.revokeAllExcept(userId, null, "admin", metadata);
    }
}
