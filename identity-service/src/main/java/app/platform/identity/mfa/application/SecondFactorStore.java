package app.platform.identity.mfa.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The persistence port of TOTP enrolments and backup codes (secrets encrypted, codes fingerprinted). */
public interface SecondFactorStore {

    record TotpState(byte[] secretEncrypted, boolean confirmed, long lastUsedStep, int failedAttempts,
                     Instant lockedUntil) {
    }

    Optional<TotpState> totp(UUID userId);

    /**
     * The same, locking the enrolment until the transaction ends: concurrent code checks of one user run one after
     * the other, so each sees the failures counted before it and none gets past the lock-out.
     */
    Optional<TotpState> lockTotp(UUID userId);

    /** Starts (or restarts) an unconfirmed enrolment; false if a confirmed one exists. */
    boolean beginEnrolment(UUID userId, byte[] secretEncrypted, Instant now);

    /** Records {@code step} as used if it is later than the last used one: true for exactly one caller. */
    boolean useStep(UUID userId, long step, boolean confirm, Instant now);

    /** Counts a wrong code; locks until {@code lockUntil} when the count reaches {@code lockAfter}. */
    void recordFailure(UUID userId, int lockAfter, Instant lockUntil);

    void clearFailures(UUID userId);

    void replaceBackupCodes(UUID userId, List<byte[]> fingerprints);

    /** Marks an unused backup code used: true for exactly one caller. */
    boolean useBackupCode(UUID userId, byte[] fingerprint, Instant now);

    int unusedBackupCodes(UUID userId);

    /** Removes the enrolment and the backup codes. */
    void delete(UUID userId);
}
