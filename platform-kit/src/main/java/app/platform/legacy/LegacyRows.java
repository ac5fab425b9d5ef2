package app.platform.legacy;

import app.platform.crypto.Sha256;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The row arithmetic of the cutover's reconciliation, the same on both sides: the importers digest a row as Debezium
 * delivered it (JSON), cdc-relay digests the same row read over JDBC from the legacy database, and the digests are
 * equal exactly when the contents are. Every value is reduced to one canonical text: SQL NULL; booleans and
 * integers as written; ISO-8601 instants (Debezium's {@code timestamptz}) as epoch microseconds; decimals in plain
 * notation with their scale (Debezium's string mode); JSON (jsonb) as PostgreSQL prints it, which both sides get.
 */
public final class LegacyRows {

    private static final String NULL = "\u0000";

    private LegacyRows() {
    }

    /**
     * The incoming row with every unavailable (unchanged TOASTed) value taken from the last known row; a value with
     * no last known one stays out of the row (and out of any service table).
     */
    public static ObjectNode merge(ObjectNode previous, ObjectNode incoming) {
        ObjectNode merged = incoming.deepCopy();
        for (String column : incoming.propertyNames()) {
            if (LegacyChange.UNAVAILABLE.equals(incoming.get(column).asString(""))) {
                JsonNode known = previous == null ? null : previous.get(column);
                if (known == null) {
                    merged.remove(column);
                } else {
                    merged.set(column, known);
                }
            }
        }
        return merged;
    }

    /** Whether a TOASTed value of the row is still unknown (its first change was an update without it). */
    public static boolean incomplete(ObjectNode incoming, ObjectNode merged) {
        return incoming.size() != merged.size();
    }

    /** The digest of a row as Debezium's JSON delivered it. */
    public static String digest(JsonNode row) {
        Map<String, String> canonical = new TreeMap<>();
        for (String column : row.propertyNames()) {
            canonical.put(column, canonical(row.get(column)));
        }
        return sha256(canonical);
    }

    /** The digest of a row read over JDBC, each column as {@link LegacyValues#read} gives it. */
    public static String digest(Map<String, Object> row) {
        Map<String, String> canonical = new TreeMap<>();
        row.forEach((column, v) -> canonical.put(column, canonical(v)));
        return sha256(canonical);
    }

    /**
     * The canonical text of one value, whichever side it comes from: a value of Debezium's JSON, or one read over
     * JDBC or R2DBC (a timestamp with or without time zone, a decimal, a number, a boolean, an array, a UUID, text;
     * jsonb as PostgreSQL prints it).
     */
    public static String canonical(Object v) {
        return switch (v) {
            case null -> NULL;
            case JsonNode json when json.isNull() || json.isMissingNode() -> NULL;
            case JsonNode json when json.isString() -> text(json.asString());
            case JsonNode json when json.isNumber() -> number(json.asString());
            case JsonNode json -> json.toString();
            case Timestamp ts -> micros(ts.toInstant());
            case OffsetDateTime odt -> micros(odt.toInstant());
            case Instant at -> micros(at);
            case java.time.LocalDateTime local -> number(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH,
                    local.toInstant(java.time.ZoneOffset.UTC)))); // Debezium's MicroTimestamp
            case java.time.LocalDate day -> number(Long.toString(day.toEpochDay())); // Debezium's Date
            case BigDecimal d -> d.toPlainString();
            case Number n -> number(n.toString());
            case Boolean b -> b.toString();
            case java.util.List<?> list -> app.platform.events.EventJson.MAPPER.writeValueAsString(list); // an array
            default -> text(v.toString()); // text, uuid, jsonb (PGobject prints PostgreSQL's text)
        };
    }

    /**
     * The bucket of a legacy id, one of 256: the first two hexadecimal digits of the MD5 of its text ({@code LedgerSql}
     * computes the same in SQL). The reconciliation compares a table bucket by bucket, and reads the rows of the
     * buckets that differ only.
     */
    public static String bucket(String id) {
        return md5Hex(id).substring(0, 2);
    }

    /**
     * A row's share of its bucket's checksum, which is the sum of its rows' shares (whatever their order): the first
     * 60 bits of the MD5 of {@code id=digest} ({@code LedgerSql} computes the same in SQL).
     */
    public static long share(String id, String digest) {
        return Long.parseLong(md5Hex(id + "=" + digest).substring(0, 15), 16);
    }

    /** A checksum over a table: the digest of its rows' digests in id order. */
    public static String checksum(Map<String, String> digestsById) {
        return sha256(new TreeMap<>(digestsById));
    }

    private static String text(String value) {
        if (value.length() >= 20 && value.length() <= 40 && Character.isDigit(value.charAt(0)) && value.charAt(4) == '-'
                && value.charAt(10) == 'T') {
            try {
                return micros(OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    private static String number(String value) {
        return new BigDecimal(value).toPlainString();
    }

    private static String micros(Instant at) {
        return "t" + ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    /** MD5 as PostgreSQL's {@code md5(text)}: not for security, only to spread ids over buckets alike on both sides. */
    private static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    private static String sha256(Map<String, String> canonical) {
        StringBuilder lines = new StringBuilder();
        canonical.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(lines.toString());
    }
}
