package app.platform.identity.google.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who a Google sign-in is: the user already linked to that Google {@code sub} (imported Supabase identities keep
 * theirs), else the user with the same address if Google has verified it (the account is linked), else a new user.
 * An unverified Google address never takes over an existing account.
 */
@Service
public class GoogleAccounts {

    public static final String PROVIDER = "google";

    /** The Google account cannot be used to sign in (the user is banned, or the address belongs to someone else). */
    public static class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    private final UserRepository users;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public GoogleAccounts(UserRepository users, JdbcOutbox outbox, Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public UUID signIn(String subject, String rawEmail, boolean emailVerified) {
        Instant now = clock.instant();
        UUID userId = users.userIdByAccount(PROVIDER, subject).orElseGet(() -> linkOrCreate(subject, rawEmail,
                emailVerified, now));
        if (!users.isActive(userId)) {
            throw new Refused("account_disabled");
        }
        return userId;
    }

    private UUID linkOrCreate(String subject, String rawEmail, boolean emailVerified, Instant now) {
        EmailAddress email = new EmailAddress(rawEmail);
        Optional<UUID> existing = users.userIdByEmail(email);
        if (existing.isPresent()) {
            if (!emailVerified) {
                throw new Refused("email_not_verified");
            }
            users.linkAccount(existing.get(), PROVIDER, subject, now);
            if (users.markEmailVerified(existing.get(), now)) {
                outbox.append(new UserEmailVerified(existing.get(), now),
                        EventMetadata.ofUser(null, existing.get()));
            }
            return existing.get();
        }
        UUID id = UUID.randomUUID();
        if (!users.insertWithAccount(id, email, emailVerified, PROVIDER, subject, now)) {
            throw new Refused("conflict");
        }
        outbox.append(new UserRegistered(id, email.value(), emailVerified, PROVIDER, false, now),
                EventMetadata.ofUser(null, id));
        return id;
    }
}
