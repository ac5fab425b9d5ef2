package app.platform.identity.user.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.PasswordChanged;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.application.VerificationTokens;
import app.platform.identity.verification.domain.Purpose;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in user sets a new password (or a first one, for an account made with a passkey or Google), confirmed
 * by the current one or a recent sign-in ({@link Reauthenticate}); every other session ends, this one stays, and a
 * reset link mailed before no longer works.
 */
@Service
public class ChangePassword {

    private final Reauthenticate reauthenticate;
    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final UserSessions sessions;
    private final VerificationTokens tokens;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public ChangePassword(Reauthenticate reauthenticate, UserRepository users, PasswordPolicy policy,
                          PasswordEncoder passwords, UserSessions sessions, VerificationTokens tokens, JdbcOutbox outbox,
                          Clock clock) {
        this.reauthenticate = reauthenticate;
        this.tokens = tokens;
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
        tokens.voidUnused(userId, Purpose.PASSWORD_RESET); // a reset asked for before no longer overrides this one
        sessions.revokeAllExcept(userId, session, "password_changed", metadata);
        outbox.append(new PasswordChanged(userId, "change", now), metadata);
    }
}
