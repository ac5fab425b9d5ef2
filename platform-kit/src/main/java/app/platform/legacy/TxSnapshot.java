package app.platform.legacy;

import java.util.Arrays;

/**
 * Which transactions a legacy database's snapshot saw: PostgreSQL's {@code pg_current_snapshot()} as text
 * ({@code xmin:xmax:xip,...}). A transaction it saw had committed when the snapshot was taken; one it did not (begun
 * after it, or still in progress then) committed, if ever, after it.
 *
 * @param xmin       every transaction below it had ended
 * @param xmax       no transaction at or above it had begun
 * @param inProgress the transactions between them still running (sorted)
 */
public record TxSnapshot(long xmin, long xmax, long[] inProgress) {

    private static final long XID_SPACE = 1L << 32;

    public TxSnapshot {
        if (xmin < 0 || xmax < xmin) {
            throw new IllegalArgumentException("not a snapshot: " + xmin + ":" + xmax);
        }
        inProgress = inProgress.clone();
        Arrays.sort(inProgress);
    }

    /** {@code pg_current_snapshot()}'s text; {@link IllegalArgumentException} when it is not one. */
    public static TxSnapshot parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a snapshot: " + text);
        }
        try {
            long[] running = parts[2].isEmpty() ? new long[0]
                    : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
            return new TxSnapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), running);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a snapshot: " + text, e);
        }
    }

    /** {@link #parse}, or null for null (a ledger row no ghost row's delete last changed). */
    public static TxSnapshot parseNullable(String text) {
        return text == null ? null : parse(text);
    }

    /**
     * Whether the snapshot saw transaction {@code txId} committed. Debezium names a transaction by its 32-bit id (no
     * epoch), which is placed in the snapshot's epoch as PostgreSQL compares ids: the nearest within 2^31 of xmax (a
     * transaction more than 2^31 older than the snapshot reads as a later one: its row's ghost delete is skipped, and
     * the verification still names the row).
     */
    public boolean saw(long txId) {
        long full = txId >= XID_SPACE ? txId : xmax + (int) (txId - xmax);
        return full < xmin || full < xmax && Arrays.binarySearch(inProgress, full) < 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(xmin).append(':').append(xmax).append(':');
        for (int i = 0; i < inProgress.length; i++) {
            text.append(i == 0 ? "" : ",").append(inProgress[i]);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TxSnapshot s && s.xmin == xmin && s.xmax == xmax && Arrays.equals(s.inProgress, inProgress);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(xmin) * 31 + Long.hashCode(xmax) * 17 + Arrays.hashCode(inProgress);
    }
}
