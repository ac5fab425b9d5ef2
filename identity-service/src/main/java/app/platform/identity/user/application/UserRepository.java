package app.platform.identity.user.application;

import app.platform.identity.user.domain.EmailAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The persistence port of users and their credentials. */
public interface UserRepository {

    /**
     * Inserts the user and its password credential (none when {@code passwordHash} is null: a passkey comes
     * next); false (and nothing written) if the address has an account.
     */
    boolean insert(UUID id, EmailAddress email, String passwordHash, Instant now);

    /** Whether the user can sign in by any means of its own: a password, a linked provider account or a passkey. */
    boolean hasSignInMethod(UUID userId);

    /** The id of the user with this address, unless deleted or banned. */
    Optional<UUID> activeUserIdByEmail(EmailAddress email);

    /** The id of the (not deleted) user with this address, banned or not. */
    Optional<UUID> userIdByEmail(EmailAddress email);

    Optional<String> emailOf(UUID userId);

    /** The user's address while it is not verified yet. */
    Optional<String> unverifiedEmailOf(UUID userId);

    /** True if this call verified the address (false if it already was). */
    boolean markEmailVerified(UUID userId, Instant now);

    /** A user as operators see it. */
    record UserSummary(UUID id, String email, boolean emailVerified, Instant createdAt, Instant bannedUntil,
                       boolean deleted) {
    }

    Optional<UserSummary> summaryOf(UUID userId);

    /** Users whose e-mail contains {@code query} (all when blank), ordered by id, after {@code after}. */
    java.util.List<UserSummary> search(String query, UUID after, int limit);

    /** Sets or clears {@code banned_until}; false if there is no such user. */
    boolean setBannedUntil(UUID userId, Instant until, Instant now);

    /** Sets (or creates) the password credential. */
    void setPassword(UUID userId, String passwordHash, Instant now);

    /** Removes the password credential; false if the user had none. */
    boolean removePassword(UUID userId);

    /** The password hash, if the user has a password (Google-only users have none). */
    Optional<String> passwordHashOf(UUID userId);

    /** The (not deleted) user a provider account ({@code google} and its {@code sub}) is linked to. */
    Optional<UUID> userIdByAccount(String provider, String subject);

    /** Links a provider account to a user; false if that account is linked already. */
    boolean linkAccount(UUID userId, String provider, String subject, Instant now);

    /** A user who signed up through a provider: no password, the address verified if the provider says so. */
    boolean insertWithAccount(UUID id, EmailAddress email, boolean emailVerified, String provider, String subject,
                              Instant now);

    /** Not deleted and not banned now. */
    boolean isActive(UUID userId);

    /** Marks the user deleted (and drops its credentials and any e-mail change waiting); false if it already was. */
    boolean markDeleted(UUID userId, Instant now);
}
