package app.platform.identity.mfa.application;

import app.platform.crypto.KeyCipher;
import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.events.identity.TwoFactorDisabled;
import app.platform.events.identity.TwoFactorEnabled;
import app.platform.identity.mfa.domain.BackupCodes;
import app.platform.identity.mfa.domain.Totp;
import app.platform.identity.user.application.UserRepository;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * TOTP two-factor sign-in: enrol, confirm with a code (which switches it on and hands out ten backup codes), check
 * the second step of a sign-in, regenerate backup codes, and switch it off again after re-authentication. Every code
 * is accepted once; {@code identity.two-factor.lock-after} wrong codes in a row lock the second step for
 * {@code identity.two-factor.lock-for}.
 */
@Service
public class TwoFactor {

    public enum Result { ACCEPTED, REJECTED, LOCKED }

    /** The outcome of a code: accepted by {@code method} ("totp" or "backup_code"), rejected, or locked. */
    public record Check(Result result, String method, Instant lockedUntil) {
    }

    public record Enrolment(String secret, String otpauthUri) {
    }

    /** The second factor is already on: enrolling again would silently replace the authenticator. */
    public static class AlreadyEnabled extends RuntimeException {
        AlreadyEnabled() {
            super("Two-factor sign-in is already on. Switch it off first.");
        }
    }

    /** The operation needs the second factor switched on. */
    public static class NotEnabled extends RuntimeException {
        NotEnabled() {
            super("Two-factor sign-in is not on.");
        }
    }

    /** Re-authentication failed: the password or the code was wrong (which one is not said). */
    public static class ReauthenticationFailed extends RuntimeException {
        ReauthenticationFailed() {
            super("The password or the code is not correct.");
        }
    }

    private final SecondFactorStore store;
    private final UserRepository users;
    private final KeyCipher cipher;
    private final PasswordEncoder passwords;
    private final JdbcOutbox outbox;
    private final Clock clock;
    private final String issuer;
    private final int lockAfter;
    private final Duration lockFor;

    public TwoFactor(SecondFactorStore store, UserRepository users, KeyCipher cipher, PasswordEncoder passwords,
                     JdbcOutbox outbox, Clock clock, TwoFactorSettings settings) {
        this.store = store;
        this.users = users;
        this.cipher = cipher;
        this.passwords = passwords;
        this.outbox = outbox;
        this.clock = clock;
        this.issuer = settings.issuer();
        this.lockAfter = settings.lockAfter();
        this.lockFor = settings.lockFor();
    }

    public boolean enabled(UUID userId) {
        return store.totp(userId).map(SecondFactorStore.TotpState::confirmed).orElse(false);
    }

    public int unusedBackupCodes(UUID userId) {
        return store.unusedBackupCodes(userId);
    }

    @Transactional
    public Enrolment enrol(UUID userId) {
        byte[] secret = Totp.newSecret();
        if (!store.beginEnrolment(userId, cipher.encrypt(secret), clock.instant())) {
            throw new AlreadyEnabled();
        }
        String account = users.emailOf(userId).orElse(userId.toString());
        return new Enrolment(Totp.base32(secret), Totp.uri(issuer, account, secret));
    }

    /** Switches the second factor on with the first code from the app; returns the ten backup codes. */
    @Transactional
    public List<String> confirm(UUID userId, String code, EventMetadata metadata) {
        var state = store.totp(userId).orElseThrow(NotEnabled::new);
        if (state.confirmed()) {
            throw new AlreadyEnabled();
        }
        Instant now = clock.instant();
        OptionalLong step = Totp.match(cipher.decrypt(state.secretEncrypted()), code, now, state.lastUsedStep());
        if (step.isEmpty() || !store.useStep(userId, step.getAsLong(), true, now)) {
            throw new InvalidInput("code", "The code is not correct. Enter the current code from your app.");
        }
        outbox.append(new TwoFactorEnabled(userId, "totp", now, false), metadata);
        return newBackupCodes(userId);
    }

    /** The second step of a sign-in: a TOTP code or an unused backup code. */
    @Transactional
    public Check check(UUID userId, String code) {
        var state = store.lockTotp(userId).filter(SecondFactorStore.TotpState::confirmed).orElseThrow(NotEnabled::new);
        Instant now = clock.instant();
        if (state.lockedUntil() != null && state.lockedUntil().isAfter(now)) {
            return new Check(Result.LOCKED, null, state.lockedUntil());
        }
        String method = accept(userId, state, code, now);
        if (method != null) {
            store.clearFailures(userId);
            return new Check(Result.ACCEPTED, method, null);
        }
        store.recordFailure(userId, lockAfter, now.plus(lockFor));
        return state.failedAttempts() + 1 >= lockAfter
                ? new Check(Result.LOCKED, null, now.plus(lockFor))
                : new Check(Result.REJECTED, null, null);
    }

    /** Ten new backup codes (the old ones stop working); needs a current code. */
    @Transactional(noRollbackFor = ReauthenticationFailed.class)
    public List<String> regenerateBackupCodes(UUID userId, String code) {
        reauthenticate(userId, null, code, false);
        return newBackupCodes(userId);
    }

    /** Switches the second factor off: needs a current code, and the password if the account has one. */
    @Transactional(noRollbackFor = ReauthenticationFailed.class)
    public void disable(UUID userId, String password, String code, EventMetadata metadata) {
        reauthenticate(userId, password, code, true);
        store.delete(userId);
        outbox.append(new TwoFactorDisabled(userId, "totp", clock.instant()), metadata);
    }

    private void reauthenticate(UUID userId, String password, String code, boolean passwordRequired) {
        var state = store.lockTotp(userId).filter(SecondFactorStore.TotpState::confirmed).orElseThrow(NotEnabled::new);
        Instant now = clock.instant();
        if (state.lockedUntil() != null && state.lockedUntil().isAfter(now)) {
            throw new ReauthenticationFailed();
        }
        boolean passwordOk = !passwordRequired || users.passwordHashOf(userId)
                .map(hash -> password != null && passwords.matches(password, hash)).orElse(true);
        if (!passwordOk || accept(userId, state, code, now) == null) {
            store.recordFailure(userId, lockAfter, now.plus(lockFor));
            throw new ReauthenticationFailed();
        }
    }

    private String accept(UUID userId, SecondFactorStore.TotpState state, String code, Instant now) {
        if (BackupCodes.looksLikeOne(code)) {
            return store.useBackupCode(userId, fingerprint(userId, code), now) ? "backup_code" : null;
        }
        OptionalLong step = Totp.match(cipher.decrypt(state.secretEncrypted()), code, now, state.lastUsedStep());
        return step.isPresent() && store.useStep(userId, step.getAsLong(), false, now) ? "totp" : null;
    }

    private List<String> newBackupCodes(UUID userId) {
        List<String> codes = BackupCodes.generate();
        store.replaceBackupCodes(userId, codes.stream().map(c -> fingerprint(userId, c)).toList());
        return codes;
    }

    private byte[] fingerprint(UUID userId, String code) {
        return cipher.fingerprint(userId + ":" + BackupCodes.normalize(code));
    }
}
