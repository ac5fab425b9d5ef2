package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LegacyRowsTest {

    static final UUID ID = UUID.fromString("481e9a45-e1de-dea9-92f4-508b23c044b7");

    /** The row as the relay reads it over JDBC. */
    static Map<String, Object> jdbcRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", ID);
        row.put("amount", new BigDecimal("100.0000"));
        row.put("paid", Boolean.TRUE);
        row.put("position", 3);
        row.put("at", Timestamp.from(Instant.parse("2026-11-27T23:08:57.120000Z")));
        row.put("note", null);
        row.put("meta", "{\"name\": \"Demo\"}");
        return row;
    }

    /** The same row as Debezium's JSON carries it (decimals as strings, instants trimmed of trailing zeros). */
    static ObjectNode jsonRow() {
        return (ObjectNode) EventJson.MAPPER.readTree("""
                {"id": "481e9a45-e1de-dea9-92f4-508b23c044b7", "amount": "100.0000", "paid": true, "position": 3,
                 "at": "2026-11-27T23:08:57.12Z", "note": null, "meta": "{\\"name\\": \\"Demo\\"}"}""");
    }

    @Test
    void aRowDigestsTheSameFromDebeziumsJsonAndFromJdbc() {
        assertThat(LegacyRows.digest(jsonRow())).isEqualTo(LegacyRows.digest(jdbcRow()));
    }

    @Test
    void anyDifferentValueGivesAnotherDigest() {
        String original = LegacyRows.digest(jdbcRow());
        for (var change : Map.<String, Object>of("amount", new BigDecimal("100.0001"), "paid", false, "position", 4,
                "at", Timestamp.from(Instant.parse("2026-11-27T23:08:57.121Z")), "note", "", "meta", "{}").entrySet()) {
            Map<String, Object> row = jdbcRow();
            row.put(change.getKey(), change.getValue());
            assertThat(LegacyRows.digest(row)).as(change.getKey()).isNotEqualTo(original);
        }
    }

    @Test
    void anUnavailableToastedValueIsTakenFromTheLastKnownRowAndNeverKept() {
        ObjectNode previous = jsonRow();
        ObjectNode update = jsonRow().put("position", 4).put("meta", LegacyChange.UNAVAILABLE);
        ObjectNode merged = LegacyRows.merge(previous, update);
        assertThat(merged.get("meta").asString()).isEqualTo("{\"name\": \"Demo\"}");
        assertThat(merged.get("position").asInt()).isEqualTo(4);
        ObjectNode first = LegacyRows.merge(null, jsonRow().put("meta", LegacyChange.UNAVAILABLE));
        assertThat(first.has("meta")).as("no last known value: left out, never the placeholder").isFalse();
    }

    @Test
    void theTableChecksumDependsOnEveryRowNotOnOrder() {
        Map<String, String> a = new HashMap<>(Map.of("1", "x", "2", "y"));
        Map<String, String> b = new java.util.LinkedHashMap<>();
        b.put("2", "y");
        b.put("1", "x");
        assertThat(LegacyRows.checksum(a)).isEqualTo(LegacyRows.checksum(b));
        b.put("3", "z");
        assertThat(LegacyRows.checksum(a)).isNotEqualTo(LegacyRows.checksum(b));
    }

    @org.junit.jupiter.api.Test
    void aTimestampWithoutTimeZoneReadsAsItsWallTimeInUtcInMicrosecondsOrMilliseconds() {
        var row = (tools.jackson.databind.node.ObjectNode) app.platform.events.EventJson.MAPPER.readTree("""
                {"micros": 1772368496654321, "millis": 946684799999, "iso": "2026-03-01T10:34:56.123456Z", "none": null}""");
        org.assertj.core.api.Assertions.assertThat(LegacyChange.time(row, "micros"))
                .isEqualTo(java.time.Instant.parse("2026-03-01T12:34:56.654321Z"));
        org.assertj.core.api.Assertions.assertThat(LegacyChange.time(row, "millis"))
                .isEqualTo(java.time.Instant.parse("1999-12-31T23:59:59.999Z"));
        org.assertj.core.api.Assertions.assertThat(LegacyChange.time(row, "iso"))
                .isEqualTo(java.time.Instant.parse("2026-03-01T10:34:56.123456Z"));
        org.assertj.core.api.Assertions.assertThat(LegacyChange.time(row, "none")).isNull();
        org.assertj.core.api.Assertions.assertThat(LegacyChange.time(row, "absent")).isNull();
    }
}
