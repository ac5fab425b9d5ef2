package app.platform.audit.retention.domain;

import app.platform.audit.log.domain.Signed;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a pruning removed from a chain: every row up to {@code throughId}, the last of which hashed to
 * {@code throughHash}; the chain's next row must link to that hash. {@link Signed}.
 */
public record Checkpoint(String chain, long throughId, byte[] throughHash, long rowsPruned, Instant prunedBefore) {

    public byte[] sign(byte[] key) {
        return Signed.sign(key, text());
    }

    public boolean signedBy(byte[] key, byte[] signature) {
        return Signed.verifies(key, text(), signature);
    }

    private String text() {
        return String.join("\n", chain, Long.toString(throughId), HexFormat.of().formatHex(throughHash),
                Long.toString(rowsPruned), prunedBefore.toString());
    }
}
