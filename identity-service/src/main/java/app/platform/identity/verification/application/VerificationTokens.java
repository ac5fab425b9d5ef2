package app.platform.identity.verification.application;

import app.platform.identity.verification.domain.Purpose;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The persistence port of one-time tokens (hashes only). */
public interface VerificationTokens {

    /** Stores a new token and voids the user's earlier unused ones of the same purpose. */
    void issue(UUID userId, Purpose purpose, byte[] tokenHash, Instant expiresAt);

    /** Marks the token used if it is known, unused and unexpired; returns its user. Atomic: one winner. */
    Optional<UUID> consume(byte[] tokenHash, Purpose purpose, Instant now);

    /**
     * Voids the user's unused tokens of these purposes: the links mailed before an address or password change, which
     * must not outlive it (a reset link in a mailbox the user gave up).
     */
    void voidUnused(UUID userId, Purpose... purposes);

    /** Whether another token of this purpose may be mailed to the user now ({@link Purpose#mailsPerHour()}). */
    boolean mayIssue(UUID userId, Purpose purpose);
}
