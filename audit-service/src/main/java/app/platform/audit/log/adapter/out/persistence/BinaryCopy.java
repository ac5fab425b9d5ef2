package app.platform.audit.log.adapter.out.persistence;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: each value as the server stores it (a uuid's 16 bytes, a time's
 * microseconds since 2000), so the server parses no text; a {@code null} is a NULL.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    private final ByteArrayOutputStream buffer;
    private final DataOutputStream out;

    BinaryCopy(int expectedBytes) {
        buffer = new ByteArrayOutputStream(expectedBytes);
        out = new DataOutputStream(buffer);
        write(() -> {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
        });
    }

    BinaryCopy row(int fields) {
        write(() -> out.writeShort(fields));
        return this;
    }

    BinaryCopy uuid(UUID value) {
        return value == null ? nul() : write(() -> {
            out.writeInt(16);
            out.writeLong(value.getMostSignificantBits());
            out.writeLong(value.getLeastSignificantBits());
        });
    }

    BinaryCopy text(String value) {
        return value == null ? nul() : bytea(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code timestamptz}: microseconds since 2000-01-01 UTC (finer parts are dropped). */
    BinaryCopy timestamptz(Instant value) {
        return value == null ? nul() : write(() -> {
            out.writeInt(8);
            // exact: an instant beyond the type's range fails here rather than wrapping round into a wrong one
            out.writeLong(Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH, 1_000_000L),
                    value.getNano() / 1_000));
        });
    }

    BinaryCopy bytea(byte[] value) {
        return value == null ? nul() : write(() -> {
            out.writeInt(value.length);
            out.write(value);
        });
    }

    /** The whole stream, its trailer written. */
    byte[] end() {
        write(() -> out.writeShort(-1));
        return buffer.toByteArray();
    }

    private BinaryCopy nul() {
        return write(() -> out.writeInt(-1));
    }

    private BinaryCopy write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return this;
    }

    private interface Write {
        void run() throws IOException;
    }
}
