package app.platform.identity.user.domain;

import app.platform.errors.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be: at least 8 characters, at most 72 bytes (bcrypt reads no further), and not one of
 * the commonly used passwords found in breaches.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;

    private final Set<String> common;

    /** @param common lower-case common passwords */
    public PasswordPolicy(Set<String> common) {
        this.common = Set.copyOf(common);
    }

    public void check(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInput("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInput("password", "must be at most " + MAX_BYTES + " bytes");
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            throw new InvalidInput("password", "is too common: it appears in lists of breached passwords");
        }
    }
}
