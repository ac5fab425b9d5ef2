package app.platform.identity.user.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserEmailChanged;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.verification.application.OutgoingMail;
import app.platform.identity.verification.application.VerificationTokens;
import app.platform.identity.verification.domain.InvalidToken;
import app.platform.identity.verification.domain.OneTimeToken;
import app.platform.identity.verification.domain.Purpose;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A signed-in user changes their e-mail address, confirmed by the password or a recent sign-in
 * ({@link Reauthenticate}), then by a single-use link mailed to the new address (a day, at most three an hour); the
 * current address is told at once, and again when the change is made. An address that has another account gets the
 * same answer and, instead of the link, a mail saying so: the answer never tells whether an address has an account.
 * The change makes the new address the verified one and tells the services ({@code UserEmailChanged}).
 */
@Service
public class ChangeEmail {

    private final Reauthenticate reauthenticate;
    private final UserRepository users;
    private final EmailChanges changes;
    private final VerificationTokens tokens;
    private final OutgoingMail mail;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public ChangeEmail(Reauthenticate reauthenticate, UserRepository users, EmailChanges changes,
                       VerificationTokens tokens, OutgoingMail mail, JdbcOutbox outbox, Clock clock) {
        this.reauthenticate = reauthenticate;
        this.users = users;
        this.changes = changes;
        this.tokens = tokens;
        this.mail = mail;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Asks for the change; the new address as kept (trimmed, lower-case), the same answer whoever has it. */
    @Transactional
    public String request(UUID userId, String rawEmail, String password, Instant signedInAt) {
        reauthenticate.confirm(userId, password, signedInAt);
        EmailAddress email = new EmailAddress(rawEmail);
        Optional<UUID> owner = users.userIdByEmail(email);
        if (owner.filter(userId::equals).isPresent()) {
            throw new InvalidInput("email", "This is already your address.");
        }
        if (owner.isPresent()) {
            // nothing changes, and only the address's owner hears of the attempt
            mail.afterCommit(email.value(), "Someone tried to use your address",
                    "Someone, perhaps you, tried to use this address for another account, but it belongs to your "
                            + "account already. Nothing has changed.\n\n"
                            + "Sign in: " + mail.link("/login") + "\n"
                            + "Forgot your password? Choose a new one: " + mail.link("/forgot-password"));
        } else if (tokens.mayIssue(userId, Purpose.EMAIL_CHANGE)) {
            Instant now = clock.instant();
            OneTimeToken token = OneTimeToken.generate();
            changes.savePending(userId, email, now);
            tokens.issue(userId, Purpose.EMAIL_CHANGE, token.hash(), now.plus(Purpose.EMAIL_CHANGE.lifetime()));
            mail.afterCommit(email.value(), "Confirm your new e-mail address",
                    "Make this the e-mail address of your account with this link:", "/confirm-email-change",
                    token.value());
            users.emailOf(userId).ifPresent(current -> mail.afterCommit(current, "Your e-mail address is changing",
                    "Someone, most likely you, asked to change the e-mail address of your account to "
                            + email.value() + ". It changes once the link we mailed to that address is used.\n\n"
                            + "If this was not you, change your password now: " + mail.link("/forgot-password")));
        }
        return email.value();
    }

    /** Confirms the change the token was mailed for; the old address is told. */
    @Transactional
    public void confirm(String token) {
        Instant now = clock.instant();
        UUID userId = tokens.consume(OneTimeToken.hash(token), Purpose.EMAIL_CHANGE, now)
                .orElseThrow(InvalidToken::new);
        EmailAddress email = changes.pendingOf(userId).orElseThrow(InvalidToken::new);
        Optional<String> previous = users.emailOf(userId);
        if (!changes.changeEmail(userId, email, now)) {
            throw new InvalidInput("email", "This address now belongs to another account.");
        }
        changes.deletePending(userId);
        tokens.voidUnused(userId, Purpose.PASSWORD_RESET, Purpose.EMAIL_VERIFICATION); // mailed to the old address
        outbox.append(new UserEmailChanged(userId, email.value(), now), EventMetadata.ofUser(null, userId));
        previous.ifPresent(old -> mail.afterCommit(old, "Your e-mail address was changed",
                "The e-mail address of your account was changed to " + email.value()
                        + ". Sign in with it from now on.\n\n"
                        + "If this was not you, contact support: this address no longer signs in to your account."));
    }
}
