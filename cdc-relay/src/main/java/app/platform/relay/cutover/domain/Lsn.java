package app.platform.relay.cutover.domain;

/**
 * A PostgreSQL log sequence number as the database prints it ({@code 16/B374D848}): two hexadecimal halves of one
 * 64-bit position in the WAL, compared as that number.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    public static Lsn parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return new Lsn(Long.parseUnsignedLong(text.substring(0, slash), 16) << 32
                | Long.parseUnsignedLong(text.substring(slash + 1), 16));
    }

    /**
     * The position as one unsigned decimal number ({@code 16/B374D848} is {@code 97500059720}): how Debezium writes
     * {@code source.lsn} and the two positions of {@code source.sequence}.
     */
    public String decimal() {
        return Long.toUnsignedString(value);
    }

    /** Whether this position is at or past {@code other}. */
    public boolean reached(Lsn other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
