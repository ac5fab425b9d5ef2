package app.platform.identity.user.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserDeleted;
import app.platform.identity.session.application.UserSessions;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user deletes their own account, confirmed by the password or, for an account without one, a recent sign-in
 * ({@link Reauthenticate}): every session ends, the user is marked deleted (no sign-in, the address free again) and
 * {@code UserDeleted} tells the services to erase.
 */
@Service
public class DeleteAccount {

    private final Reauthenticate reauthenticate;
    private final UserRepository users;
    private final UserSessions sessions;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public DeleteAccount(Reauthenticate reauthenticate, UserRepository users, UserSessions sessions, JdbcOutbox outbox,
                         Clock clock) {
        this.reauthenticate = reauthenticate;
        this.users = users;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public void delete(UUID userId, String password, Instant signedInAt, EventMetadata metadata) {
        reauthenticate.confirm(userId, password, signedInAt);
        Instant now = clock.instant();
        if (users.markDeleted(userId, now)) {
            sessions.revokeAllExcept(userId, null, "account_deleted", metadata);
            outbox.append(new UserDeleted(userId, "user_request", now), metadata);
        }
    }
}
