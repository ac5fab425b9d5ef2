package app.platform.identity.user.domain;

import app.platform.errors.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * What a new password (sign-up, reset) must be, to OWASP ASVS 4.0.3 level 2 (V2.1.1, V2.1.7): at least 12
 * characters, at most 72 bytes (bcrypt reads no further), and not known from breaches. A password imported with its
 * hash is never held to it: signing in only verifies.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_BYTES = 72;

    private final Predicate<String> breached;

    /** @param breached whether a password is known from breaches (asked only of a password long enough) */
    public PasswordPolicy(Predicate<String> breached) {
        this.breached = breached;
    }

    public void check(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInput("password", "must be at least " + MIN_LENGTH + " characters", "invalid.password.short",
                    MIN_LENGTH);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInput("password", "must be at most " + MAX_BYTES + " bytes", "invalid.password.long", MAX_BYTES);
        }
        if (breached.test(password)) {
            throw new InvalidInput("password", "is too common: it appears in lists of breached passwords",
                    "invalid.password.breached");
        }
    }
}
