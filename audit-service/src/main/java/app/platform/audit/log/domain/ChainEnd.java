package app.platform.audit.log.domain;

import java.util.HexFormat;

/**
 * Where the system chain ended after the last append ({@code hash}, its newest row's), signed, so that rows deleted
 * from its end, which leave every remaining link intact, still show: the verification must find that row. An append
 * that finds the chain ending elsewhere than its anchor says keeps that for good ({@code divergedFrom}, the anchored
 * hash it did not find), since the rows it links on would otherwise hide the cut. What it cannot show is the whole
 * database put back to an earlier state, an older anchor included.
 */
public record ChainEnd(byte[] hash, byte[] divergedFrom) {

    /** The end after an append that linked on {@code found} (null: the chain was empty), anchored before at this end. */
    public ChainEnd next(byte[] found, byte[] newest) {
        boolean cut = !java.util.Arrays.equals(hash, found);
        return new ChainEnd(newest, divergedFrom != null ? divergedFrom : cut ? hash : null);
    }

    public byte[] sign(byte[] key) {
        return Signed.sign(key, text());
    }

    public boolean signedBy(byte[] key, byte[] signature) {
        return Signed.verifies(key, text(), signature);
    }

    private String text() {
        HexFormat hex = HexFormat.of();
        return "system\n" + hex.formatHex(hash) + "\n" + (divergedFrom == null ? "" : hex.formatHex(divergedFrom));
    }
}
