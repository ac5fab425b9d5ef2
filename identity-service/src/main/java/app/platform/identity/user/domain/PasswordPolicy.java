package app.platform.identity.user.domain;

import java.nio.charset.StandardCharsets;

/** What a new password must be: at least 8 characters, at most 72 bytes (bcrypt reads no further). */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    public static void check(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInput("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInput("password", "must be at most " + MAX_BYTES + " bytes");
        }
    }
}
