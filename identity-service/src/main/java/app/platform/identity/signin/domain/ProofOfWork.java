package app.platform.identity.signin.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hashcash-style proof of work: the answer to a challenge {@code c} is a nonce {@code n} such that
 * SHA-256({@code c + ":" + n}) starts with {@code bits} zero bits. A browser finds one in about 2^bits hashes (a
 * second or two at 16 to 18 bits); checking it costs one.
 */
public final class ProofOfWork {

    private ProofOfWork() {
    }

    public static boolean solves(String challenge, String nonce, int bits) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) {
            return false;
        }
        return leadingZeroBits(sha256(challenge + ":" + nonce)) >= bits;
    }

    static int leadingZeroBits(byte[] hash) {
        int zeros = 0;
        for (byte b : hash) {
            if (b != 0) {
                return zeros + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            zeros += 8;
        }
        return zeros;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
