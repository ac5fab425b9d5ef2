package app.platform.identity.user.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.application.EmailVerification;
import app.platform.identity.verification.application.OutgoingMail;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-up with e-mail and password, or e-mail alone for a passkey: the user, the credential, {@code UserRegistered} and the verification token in
 * one transaction; the verification mail goes out once it has committed. An address that has an account already
 * gets the same answer, and a mail saying so instead: the answer never tells whether an address has an account.
 */
@Service
public class RegisterUser {

    private final UserRepository users;
    private final JdbcOutbox outbox;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final EmailVerification emailVerification;
    private final OutgoingMail mail;
    private final Clock clock;

    public RegisterUser(UserRepository users, JdbcOutbox outbox, PasswordEncoder passwords, PasswordPolicy policy,
                        EmailVerification emailVerification, OutgoingMail mail, Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.passwords = passwords;
        this.policy = policy;
        this.emailVerification = emailVerification;
        this.mail = mail;
        this.clock = clock;
    }

    /** What a sign-up tells its caller, the same for a new address and a taken one: the address it was sent to. */
    public record Accepted(String email) {
    }

    /** The account a user sees of themselves: none once it is deleted. */
    public java.util.Optional<UserRepository.UserSummary> account(UUID id) {
        return users.summaryOf(id).filter(user -> !user.deleted());
    }

    @Transactional
    public Accepted register(String rawEmail, String password) {
        EmailAddress email = new EmailAddress(rawEmail);
        policy.check(password);
        // hashed before it is known whether the address is free, and so for a taken one too: the hash is most of a
        // sign-up's time, and a taken address answering without it would be told apart by the answer's speed
        return create(email, passwords.encode(password), "password");
    }

    /**
     * Passkey-first sign-up: an account with no password. The mailed link confirms the address and, the account
     * having no way to sign in yet, signs that browser in to create its first passkey (see {@code VerificationPages}).
     */
    @Transactional
    public Accepted registerForPasskey(String rawEmail) {
        return create(new EmailAddress(rawEmail), null, "passkey");
    }

    private Accepted create(EmailAddress email, String passwordHash, String method) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        if (users.insert(id, email, passwordHash, now)) {
            outbox.append(new UserRegistered(id, email.value(), false, method, false, now),
                    EventMetadata.ofUser(null, id));
            emailVerification.start(id, email.value());
        } else {
            // the account stays as it is, and no event names the address: only its owner hears of the attempt
            mail.afterCommit(email.value(), "You already have an account",
                    "Someone, perhaps you, tried to create an account with this address, but it has one already.\n\n"
                            + "Sign in: " + mail.link("/login") + "\n"
                            + "Forgot your password? Choose a new one: " + mail.link("/forgot-password") + "\n\n"
                            + "If this was not you, ignore this mail: nothing has changed.");
        }
        return new Accepted(email.value());
    }
}
