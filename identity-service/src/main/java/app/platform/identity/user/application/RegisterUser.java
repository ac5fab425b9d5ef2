package app.platform.identity.user.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.user.domain.EmailAlreadyRegistered;
import app.platform.identity.user.domain.PasswordPolicy;
import app.platform.identity.verification.application.EmailVerification;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-up with e-mail and password: the user, the credential, {@code UserRegistered} and the verification token in
 * one transaction; the verification mail goes out once it has committed.
 */
@Service
public class RegisterUser {

    private final UserRepository users;
    private final JdbcOutbox outbox;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final EmailVerification emailVerification;
    private final Clock clock;

    public RegisterUser(UserRepository users, JdbcOutbox outbox, PasswordEncoder passwords, PasswordPolicy policy,
                        EmailVerification emailVerification, Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.passwords = passwords;
        this.policy = policy;
        this.emailVerification = emailVerification;
        this.clock = clock;
    }

    public record Registered(UUID id, String email, Instant createdAt) {
    }

    /** The account a user sees of themselves: none once it is deleted. */
    public java.util.Optional<UserRepository.UserSummary> account(UUID id) {
        return users.summaryOf(id).filter(user -> !user.deleted());
    }

    @Transactional
    public Registered register(String rawEmail, String password) {
        EmailAddress email = new EmailAddress(rawEmail);
        policy.check(password);
        if (users.emailTaken(email)) {
            throw new EmailAlreadyRegistered();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        if (!users.insertWithPassword(id, email, passwords.encode(password), now)) {
            throw new EmailAlreadyRegistered();
        }
        outbox.append(new UserRegistered(id, email.value(), false, "password", false, now),
                EventMetadata.ofUser(null, id));
        emailVerification.start(id, email.value());
        return new Registered(id, email.value(), now);
    }
}
