package app.platform.audit.log.domain;

import app.platform.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SHA-256 chaining: {@code hash = SHA-256(prevHash || canonical content)}; the first row has no previous hash. */
public final class HashChain {

    private HashChain() {
    }

    public static byte[] link(byte[] previousHash, AuditEntry entry) {
        return Sha256.of(previousHash, entry.canonical().getBytes(StandardCharsets.UTF_8));
    }

    /** A stored row of the chain, in order. */
    public record Link(long id, AuditEntry entry, byte[] prevHash, byte[] hash) {
    }

    /** The id of the first row whose link does not hold, or empty when the whole chain verifies. */
    public static Optional<Long> firstBrokenLink(List<Link> chain) {
        byte[] previous = null;
        for (Link link : chain) {
            if (!Arrays.equals(previous, link.prevHash()) || !Arrays.equals(link(previous, link.entry()), link.hash())) {
                return Optional.of(link.id());
            }
            previous = link.hash();
        }
        return Optional.empty();
    }

    /** Checks a chain row by row, in order, without holding it: for chains too long for memory. */
    public static final class Verifier {
        private byte[] previous;
        private long checked;
        private Long firstBroken;
        private boolean untrustedStart;

        public Verifier() {
        }

        /**
         * A chain whose prefix was pruned: its first row links to {@code start} (a checkpoint's hash); when the
         * checkpoint is not trusted (its signature fails), the first row is reported broken.
         */
        public Verifier(byte[] start, boolean trusted) {
            this.previous = start;
            this.untrustedStart = !trusted;
        }

        /** Takes the next row; false once a link did not hold (the first one is remembered). */
        public boolean accept(Link link) {
            checked++;
            if (untrustedStart) {
                untrustedStart = false;
                firstBroken = link.id();
            }
            if (firstBroken == null && (!Arrays.equals(previous, link.prevHash())
                    || !Arrays.equals(link(previous, link.entry()), link.hash()))) {
                firstBroken = link.id();
            }
            previous = link.hash();
            return firstBroken == null;
        }

        public long checked() {
            return checked;
        }

        public Optional<Long> firstBroken() {
            return Optional.ofNullable(firstBroken);
        }
    }
}
