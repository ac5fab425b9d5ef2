package app.platform.legacy;

import app.platform.events.EventJson;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.postgresql.util.PGInterval;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy column read over JDBC, as the capture's Debezium JSON carries it (the PostgreSQL connector's defaults,
 * decimals as strings): so that the reconciliation's side and the importers' side of a row digest alike, and the
 * testkit makes changes exactly as the capture does. Per type:
 * <ul>
 * <li>{@code timestamptz}: the instant (Debezium: ISO-8601 text);
 * <li>{@code timestamp}: the wall time taken as UTC, in microseconds since the epoch (milliseconds up to precision 3);
 * <li>{@code date}: days since the epoch; {@code time}: microseconds since midnight (milliseconds up to precision 3);
 * <li>{@code interval}: microseconds, a month being 30.4375 days and a year 12 months, as Debezium counts them;
 * <li>{@code bytea}: Base64 text; arrays: the list of their elements (a JSON array);
 * <li>anything else as the driver gives it ({@code numeric} as a decimal with its scale, {@code jsonb} and enums as
 * PostgreSQL prints them).
 * </ul>
 */
public final class LegacyValues {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MICROS_PER_MONTH = 2_629_800_000_000L; // 30.4375 days

    private LegacyValues() {
    }

    /** Column {@code i} (1-based) of the current row. */
    public static Object read(ResultSet rs, int i) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        if (rs.getObject(i) == null) {
            return null;
        }
        String type = meta.getColumnTypeName(i);
        boolean millis = meta.getScale(i) <= 3;
        return switch (type) {
            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
            case "timestamp" -> {
                LocalDateTime at = rs.getObject(i, LocalDateTime.class);
                long micros = at.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + at.getNano() / 1_000;
                yield millis ? Math.floorDiv(micros, 1_000L) : micros;
            }
            case "date" -> rs.getObject(i, LocalDate.class).toEpochDay();
            case "time" -> {
                long micros = rs.getObject(i, LocalTime.class).toNanoOfDay() / 1_000;
                yield millis ? micros / 1_000 : micros;
            }
            case "interval" -> micros((PGInterval) rs.getObject(i));
            case "bytea" -> Base64.getEncoder().encodeToString(rs.getBytes(i));
            default -> meta.getColumnType(i) == Types.ARRAY ? elements(rs.getArray(i)) : rs.getObject(i);
        };
    }

    /**
     * A value {@link #read} gave, as Debezium's JSON carries it: an instant as ISO-8601 text, a decimal in plain
     * notation, numbers, booleans and arrays as they are, anything else (uuid, jsonb, an enum) as its text.
     */
    public static Object carried(Object v) {
        return switch (v) {
            case null -> null;
            case OffsetDateTime at -> at.toInstant().toString();
            case BigDecimal d -> d.toPlainString();
            case Number num -> num;
            case Boolean b -> b;
            case List<?> list -> list;
            default -> v.toString();
        };
    }

    /** The current row, each column {@link #carried} as Debezium's JSON carries it, but the columns in {@code skip}. */
    public static ObjectNode json(ResultSet rs, Collection<String> skip) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        ObjectNode row = EventJson.MAPPER.createObjectNode();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (!skip.contains(meta.getColumnName(i))) {
                row.set(meta.getColumnName(i), EventJson.MAPPER.valueToTree(carried(read(rs, i))));
            }
        }
        return row;
    }

    private static long micros(PGInterval interval) {
        long months = interval.getYears() * 12L + interval.getMonths();
        long seconds = interval.getHours() * 3_600L + interval.getMinutes() * 60L + interval.getWholeSeconds();
        return months * MICROS_PER_MONTH + interval.getDays() * MICROS_PER_DAY + seconds * 1_000_000L
                + interval.getMicroSeconds();
    }

    private static List<Object> elements(Array array) throws SQLException {
        Object values = array.getArray();
        return values instanceof Object[] objects ? new ArrayList<>(Arrays.asList(objects)) : List.of();
    }
}
