package app.platform.audit.log.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a key the database does not hold: what the audit log signs (a pruned prefix's checkpoint, a
 * chain's anchored end), so that neither the pruner's role nor anyone with the tables can forge one.
 */
public final class Signed {

    private Signed() {
    }

    public static byte[] sign(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean verifies(byte[] key, String text, byte[] signature) {
        return signature != null && MessageDigest.isEqual(sign(key, text), signature);
    }
}
