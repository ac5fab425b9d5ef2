package app.platform.identity.google.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.PasswordChanged;
import app.platform.events.identity.UserRegistered;
import app.platform.identity.session.application.UserSessions;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.verification.application.AccountClaim;
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
 * An unverified Google address never reaches an existing account.
 * <p>
 * Linking trusts the local account only if its address was verified. An account whose address nobody proved may
 * have been registered by someone else ahead of the address's owner, so Google's verified sign-in takes it over
 * instead ({@link AccountClaim}): its password, TOTP, passkeys and pending address change are removed and every
 * session ends, each published as usual ({@code PasswordChanged} and {@code SessionRevoked} with reason
 * {@value #TAKEOVER}, {@code TwoFactorDisabled}, {@code PasskeyRemoved}).
 */
@Service
public class GoogleAccounts {

    public static final String PROVIDER = "google";
    static final String TAKEOVER = "google_takeover";

    /** The Google account cannot be used to sign in (the user is banned, or the address belongs to someone else). */
    public static class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    private final UserRepository users;
    private final AccountClaim claims;
    private final UserSessions sessions;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public GoogleAccounts(UserRepository users, AccountClaim claims, UserSessions sessions, JdbcOutbox outbox,
                          Clock clock) {
        this.users = users;
        this.claims = claims;
        this.sessions = sessions;
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
            if (claims.claim(existing.get(), now)) {
                endSquattersAccess(existing.get(), now);
            }
            users.linkAccount(existing.get(), PROVIDER, subject, now);
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

    /** Beyond the claim: the password whoever registered the account chose, and their sessions. */
    private void endSquattersAccess(UUID userId, Instant now) {
        EventMetadata metadata = EventMetadata.ofUser(null, userId);
        if (users.removePassword(userId)) {
            outbox.append(new PasswordChanged(userId, TAKEOVER, now), metadata);
        }
        sessions.revokeAllExcept(userId, null, TAKEOVER, metadata);
    }
}
