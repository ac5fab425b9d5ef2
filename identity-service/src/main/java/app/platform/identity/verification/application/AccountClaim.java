package app.platform.identity.verification.application;

import app.platform.events.EventMetadata;
import app.platform.events.identity.PasskeyRemoved;
import app.platform.events.identity.TwoFactorDisabled;
import app.platform.events.identity.UserEmailVerified;
import app.platform.identity.mfa.application.SecondFactorStore;
import app.platform.identity.passkey.application.PasskeyStore;
import app.platform.identity.user.application.EmailChanges;
import app.platform.identity.user.application.UserRepository;
import app.platform.outbox.JdbcOutbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The owner of an address proved their mailbox (a verified Google sign-in with it, a password reset link mailed to
 * it), so the account's address is verified from now on. An account whose address nobody had proved may have been
 * registered by someone else ahead of the owner, who could have added ways in of their own: its TOTP (with its backup
 * codes) and passkeys are removed, each published as usual ({@code TwoFactorDisabled}, {@code PasskeyRemoved}), and
 * a pending change of its address is dropped (its link would have moved the account to an address of theirs). The
 * caller, in the same transaction, ends the sessions and removes or replaces the password.
 */
@Service
public class AccountClaim {

    private final UserRepository users;
    private final SecondFactorStore secondFactors;
    private final PasskeyStore passkeys;
    private final EmailChanges emailChanges;
    private final JdbcOutbox outbox;

    public AccountClaim(UserRepository users, SecondFactorStore secondFactors, PasskeyStore passkeys,
                        EmailChanges emailChanges, JdbcOutbox outbox) {
        this.users = users;
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
        this.emailChanges = emailChanges;
        this.outbox = outbox;
    }

    /** Claims the account for its address's owner; true if it was unverified, and so taken over. */
    public boolean claim(UUID userId, Instant now) {
        if (users.unverifiedEmailOf(userId).isEmpty()) {
            return false;
        }
        EventMetadata metadata = EventMetadata.ofUser(null, userId);
        if (secondFactors.totp(userId).isPresent()) {
            secondFactors.delete(userId);
            outbox.append(new TwoFactorDisabled(userId, "totp", now), metadata);
        }
        passkeys.deleteAll(userId).forEach(id -> outbox.append(new PasskeyRemoved(userId, id, now), metadata));
        emailChanges.deletePending(userId);
        if (users.markEmailVerified(userId, now)) {
            outbox.append(new UserEmailVerified(userId, now), metadata);
        }
        return true;
    }
}
