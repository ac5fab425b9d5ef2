package app.platform.identity.user.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserDeleted;
import app.platform.identity.session.application.UserSessions;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user deletes their own account: the password confirms it (when the account has one), every session ends, the
 * user is marked deleted (no sign-in, the address free again) and {@code UserDeleted} tells the services to erase.
 */
@Service
public class DeleteAccount {

    private final UserRepository users;
    private final UserSessions sessions;
    private final PasswordEncoder passwords;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public DeleteAccount(UserRepository users, UserSessions sessions, PasswordEncoder passwords, JdbcOutbox outbox,
                         Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public void delete(UUID userId, String password, EventMetadata metadata) {
        boolean confirmed = users.passwordHashOf(userId).map(hash -> password != null && passwords.matches(password, hash))
                .orElse(true);
        if (!confirmed) {
            throw new InvalidInput("password", "The password is not correct.");
        }
        Instant now = clock.instant();
        if (users.markDeleted(userId, now)) {
            sessions.revokeAllExcept(userId, null, "account_deleted", metadata);
            outbox.append(new UserDeleted(userId, "user_request", now), metadata);
        }
    }
}
