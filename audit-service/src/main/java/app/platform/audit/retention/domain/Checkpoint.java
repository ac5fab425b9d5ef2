package app.platform.audit.retention.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a pruning removed from a chain: every row up to {@code throughId}, the last of which hashed to
 * {@code throughHash}; the chain's next row must link to that hash. Signed with HMAC-SHA-256 under a key the
 * database does not hold, so neither the pruner's role nor anyone with the tables can forge one.
 */
public record Checkpoint(String chain, long throughId, byte[] throughHash, long rowsPruned, Instant prunedBefore) {

    public byte[] sign(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(String.join("\n", chain, Long.toString(throughId), HexFormat.of().formatHex(throughHash),
                    Long.toString(rowsPruned), prunedBefore.toString()).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean signedBy(byte[] key, byte[] signature) {
        return signature != null && MessageDigest.isEqual(sign(key), signature);
    }
}
