package app.platform.legacy;

import app.platform.crypto.Sha256;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy columns that cross Kafka as a hash only: GoTrue's refresh tokens ({@code auth.refresh_tokens.token} and
 * its {@code parent}), bearer secrets that the importer needs only to recognise. The capture masks them with
 * Debezium's {@code column.mask.hash.v2.SHA-256.with.salt.}{@value #SALT} (lower-case hex of SHA-256 of the salt and
 * the value); the reconciliation and the failback's check hash what they read from the legacy table the same way, and
 * identity hashes a presented token so to find it.
 */
public final class HashedColumns {

    /** A public salt: it only keeps these hashes apart from any other SHA-256 of the same text. */
    public static final String SALT = "platform-legacy-token:";
    /** {@code schema.table.column}. */
    public static final List<String> COLUMNS = List.of("auth.refresh_tokens.token", "auth.refresh_tokens.parent");

    private HashedColumns() {
    }

    /** The value as the capture forwards it. */
    public static String hash(String value) {
        return value == null ? null : Sha256.hex(SALT + value);
    }

    /** Whether {@code column} of {@code table} ({@code schema.table}) crosses as a hash. */
    public static boolean hashed(String table, String column) {
        return COLUMNS.contains(table + "." + column);
    }

    /** A row read from the legacy table, its hashed columns as the capture forwards them. */
    public static ObjectNode asCaptured(String table, ObjectNode row) {
        for (String column : COLUMNS) {
            if (column.startsWith(table + ".")) {
                String name = column.substring(table.length() + 1);
                if (row.hasNonNull(name)) {
                    row.put(name, hash(row.get(name).asString()));
                }
            }
        }
        return row;
    }
}
