package app.platform.identity.verification.domain;

import app.platform.crypto.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A single-use secret sent by mail: 256 random bits, URL-safe. Only its SHA-256 is stored, so a read of the
 * database does not yield a usable token.
 */
public record OneTimeToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static OneTimeToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new OneTimeToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public byte[] hash() {
        return hash(value);
    }

    public static byte[] hash(String value) {
        return Sha256.of(value);
    }

    @Override
    public String toString() {
        return "OneTimeToken[<redacted>]";
    }
}
