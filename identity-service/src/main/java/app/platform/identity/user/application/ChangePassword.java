package app.platform.identity.user.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.PasswordChanged;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in user sets a new password (or a first one, for an account made with a passkey or Google), confirmed
 * by the current one or a recent sign-in ({@link Reauthenticate}); every other session ends, this one stays.
 */
@Service
public class ChangePassword {

    private final Reauthenticate reauthenticate;
    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final UserSessions sessions;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public ChangePassword(Reauthenticate reauthenticate, UserRepository users, PasswordPolicy policy,
                          PasswordEncoder passwords, UserSessions sessions, JdbcOutbox outbox, Clock clock) {
        this.reauthenticate = reauthenticate;
        this.users = users;
        this.policy = policy;
        this.passwords = passwords;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public void change(UUID userId, String currentPassword, String newPassword, Instant signedInAt, String session,
                       EventMetadata metadata) {
        reauthenticate.confirm(userId, currentPassword, signedInAt);
        policy.check(newPassword);
        Instant now = clock.instant();
        users.setPassword(userId, passwords.encode(newPassword), now);
        sessions.revokeAllExcept(userId, session, "password_changed", metadata);
        outbox.append(new PasswordChanged(userId, "change", now), metadata);
    }
}
