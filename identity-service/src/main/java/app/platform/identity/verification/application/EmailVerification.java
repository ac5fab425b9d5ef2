package app.platform.identity.verification.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserEmailVerified;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.verification.domain.InvalidToken;
import app.platform.identity.verification.domain.OneTimeToken;
import app.platform.identity.verification.domain.Purpose;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** E-mail verification by a single-use link that expires after a day. */
@Service
public class EmailVerification {

    private final VerificationTokens tokens;
    private final UserRepository users;
    private final OutgoingMail mail;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public EmailVerification(VerificationTokens tokens, UserRepository users, OutgoingMail mail, JdbcOutbox outbox,
                             Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.mail = mail;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Issues a token and mails the link once the caller's transaction commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void start(UUID userId, String email) {
        OneTimeToken token = OneTimeToken.generate();
        tokens.issue(userId, Purpose.EMAIL_VERIFICATION, token.hash(), clock.instant().plus(Purpose.EMAIL_VERIFICATION.lifetime()));
        mail.afterCommit(email, "Confirm your e-mail address", "Confirm your e-mail address with this link:",
                "/verify-email", token.value());
    }

    /** Sends a new link to a signed-in user whose address is not verified yet (a verified user gets none), within the hourly limit. */
    @Transactional
    public void resend(UUID userId) {
        if (tokens.mayIssue(userId, Purpose.EMAIL_VERIFICATION)) {
            users.unverifiedEmailOf(userId).ifPresent(email -> start(userId, email));
        }
    }

    /** Confirms the address the token was mailed to; the user's id. */
    @Transactional
    public UUID confirm(String token) {
        Instant now = clock.instant();
        UUID userId = tokens.consume(OneTimeToken.hash(token), Purpose.EMAIL_VERIFICATION, now)
                .orElseThrow(InvalidToken::new);
        if (users.markEmailVerified(userId, now)) {
            outbox.append(new UserEmailVerified(userId, now), EventMetadata.ofUser(null, userId));
        }
        return userId;
    }
}
