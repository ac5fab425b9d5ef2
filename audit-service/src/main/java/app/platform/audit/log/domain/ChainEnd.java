package app.platform.audit.log.domain;

import java.util.HexFormat;

/**
 * Where the system chain ended after the last append (its newest row, {@code id} and {@code hash}), signed, so that
 * rows deleted from its end, which leave every remaining link whole, still show: the verification must find that row
 * (or a signed checkpoint that pruned it). An append that finds the anchored row gone keeps that for good
 * ({@code divergedFrom}, the anchored hash), since the rows it links on would otherwise hide the cut. What it cannot
 * show is a superuser's cut with an anchor saved earlier put back.
 */
public record ChainEnd(long id, byte[] hash, byte[] divergedFrom) {

    /** The end after an append that found this one's row still there ({@code held}) or not. */
    public ChainEnd next(boolean held, long newestId, byte[] newestHash) {
        return new ChainEnd(newestId, newestHash, divergedFrom != null ? divergedFrom : held ? null : hash);
    }

    public byte[] sign(byte[] key) {
        return Signed.sign(key, text());
    }

    public boolean signedBy(byte[] key, byte[] signature) {
        return Signed.verifies(key, text(), signature);
    }

    private String text() {
        HexFormat hex = HexFormat.of();
        return "system\n" + id + "\n" + hex.formatHex(hash) + "\n" + (divergedFrom == null ? "" : hex.formatHex(divergedFrom));
    }
}
