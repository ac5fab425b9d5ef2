package app.platform.identity.verification.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.PasswordChanged;
import app.platform.events.identity.PasswordResetRequested;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.domain.InvalidToken;
import app.platform.identity.verification.domain.OneTimeToken;
import app.platform.identity.verification.domain.Purpose;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset by a single-use link that expires after an hour. Asking for it says nothing about whether the
 * address has an account, by its answer or by its time: no hash either way, and the mail goes out after the answer
 * ({@link OutgoingMail}). Completing it revokes every session of the user. The link proves the mailbox: the address
 * is verified, and an account nobody had verified it for is claimed for its owner ({@link AccountClaim}).
 */
@Service
public class PasswordReset {

    private final VerificationTokens tokens;
    private final UserRepository users;
    private final UserSessions sessions;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final OutgoingMail mail;
    private final AccountClaim claims;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public PasswordReset(VerificationTokens tokens, UserRepository users, UserSessions sessions, PasswordPolicy policy,
                         PasswordEncoder passwords, OutgoingMail mail, AccountClaim claims, JdbcOutbox outbox,
                         Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.policy = policy;
        this.passwords = passwords;
        this.mail = mail;
        this.claims = claims;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public void request(String rawEmail) {
        EmailAddress email;
        try {
            email = new EmailAddress(rawEmail);
        } catch (RuntimeException e) {
            return; // the same answer as for an unknown address
        }
        Instant now = clock.instant();
        users.activeUserIdByEmail(email).filter(userId -> tokens.mayIssue(userId, Purpose.PASSWORD_RESET)).ifPresent(userId -> {
            OneTimeToken token = OneTimeToken.generate();
            tokens.issue(userId, Purpose.PASSWORD_RESET, token.hash(), now.plus(Purpose.PASSWORD_RESET.lifetime()));
            outbox.append(new PasswordResetRequested(userId, now), EventMetadata.ofUser(null, userId));
            mail.afterCommit(email.value(), "Reset your password", "Choose a new password with this link:",
                    "/reset-password", token.value());
        });
    }

    @Transactional
    public void confirm(String token, String newPassword) {
        policy.check(newPassword);
        Instant now = clock.instant();
        UUID userId = tokens.consume(OneTimeToken.hash(token), Purpose.PASSWORD_RESET, now)
                .orElseThrow(InvalidToken::new);
        claims.claim(userId, now);
        users.setPassword(userId, passwords.encode(newPassword), now);
        EventMetadata metadata = EventMetadata.ofUser(null, userId);
        sessions.revokeAllExcept(userId, null, "password_changed", metadata);
        outbox.append(new PasswordChanged(userId, "reset", now), metadata);
    }
}
