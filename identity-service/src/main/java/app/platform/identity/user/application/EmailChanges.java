package app.platform.identity.user.application;

import app.platform.identity.user.domain.EmailAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The persistence port of e-mail changes: the new address waiting for its confirmation, and the change itself. */
public interface EmailChanges {

    /** Keeps the address the user asked to change to, replacing an earlier request's. */
    void savePending(UUID userId, EmailAddress email, Instant now);

    /** The address the user asked to change to, if a request waits. */
    Optional<EmailAddress> pendingOf(UUID userId);

    void deletePending(UUID userId);

    /**
     * Makes {@code email} the user's address, verified {@code now}; false (nothing changed) if another account has it,
     * or the user is deleted.
     */
    boolean changeEmail(UUID userId, EmailAddress email, Instant now);
}
