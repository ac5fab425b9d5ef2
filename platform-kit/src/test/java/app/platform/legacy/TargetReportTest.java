package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.events.EventJson;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TargetReportTest {

    private static final LegacyTarget ADDRESSES = LegacyTarget.of("public.user_addresses", "SELECT 1",
            Map.of("created_at", "the service keeps its own"));

    private static ObjectNode row(String city) {
        return (ObjectNode) EventJson.MAPPER.readTree("""
                {"id": "a1", "city": %s, "amount": "12.5000", "created_at": "2026-01-01T00:00:00Z",
                 "updated_at": "2026-01-02T10:00:00.123456Z", "details": "{\\"a\\": 1}"}""".formatted(
                city == null ? "null" : "\"" + city + "\""));
    }

    /** What a service's query gives back, over JDBC or R2DBC. */
    private static Map<String, Object> held(String city) {
        Map<String, Object> held = new HashMap<>();
        held.put("id", "a1");
        held.put("city", city);
        held.put("amount", new BigDecimal("12.5000"));
        held.put("updated_at", OffsetDateTime.parse("2026-01-02T12:00:00.123456+02:00"));
        held.put("details", "{\"a\": 1}");
        return held;
    }

    @Test
    void aRowHeldAsImportedMatchesWhateverTheTypesEachSideReadsItAs() {
        TargetReport report = new TargetReport.Builder(ADDRESSES).add("a1", row("Lyon"), false, held("Lyon")).build();

        assertThat(report.matches()).as("%s", report).isTrue();
        assertThat(report.compared()).isEqualTo(1);
        assertThat(report.dropped()).containsOnlyKeys("created_at");
    }

    @Test
    void namesTheColumnsThatDifferAndTheRowsMissingOrKeptAfterADelete() {
        Map<String, Object> noAmount = held("Lyon");
        noAmount.remove("amount");
        TargetReport report = new TargetReport.Builder(ADDRESSES)
                .add("changed", row("Lyon"), false, held("Paris"))
                .add("unmapped", row("Lyon"), false, noAmount)
                .add("scale", row("Lyon"), false, Map.of("id", "a1", "city", "Lyon", "amount", new BigDecimal("12.5"),
                        "updated_at", OffsetDateTime.parse("2026-01-02T10:00:00.123456Z"), "details", "{\"a\": 1}"))
                .add("missing", row("Lyon"), false, null)
                .add("extra", row("Lyon"), true, held("Lyon"))
                .add("gone", row("Lyon"), true, null)
                .build();

        assertThat(report.matches()).isFalse();
        assertThat(report.changed()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "changed", List.of("city"), "unmapped", List.of("amount"), "scale", List.of("amount"))));
        assertThat(report.missing()).containsExactly("missing");
        assertThat(report.extra()).containsExactly("extra");
        assertThat(report.compared()).as("a row deleted on both sides is not compared").isEqualTo(5);
    }

    @Test
    void inTheFailbacksCheckARowOnlyThePlatformHoldsIsExtraNotCarriedBack() {
        TargetReport report = new TargetReport.Builder(ADDRESSES).add("a1", row("Lyon"), false, held("Lyon"))
                .heldOnly("native").build();

        assertThat(report.matches()).isFalse();
        assertThat(report.extra()).containsExactly("native");
        assertThat(report.missing()).isEmpty();
        assertThat(report.compared()).isEqualTo(2);
    }

    @Test
    void aServiceThatKeepsADeletedRowSaysWhatItHoldsOfIt() {
        LegacyTarget kept = ADDRESSES.expecting((target, row, deleted) -> {
            Map<String, Object> expected = new HashMap<>(target.mapped(row));
            if (deleted) {
                expected.put("city", "closed");
            }
            return expected;
        });

        assertThat(new TargetReport.Builder(kept).add("a1", row("Lyon"), true, held("closed")).build().matches()).isTrue();
        assertThat(new TargetReport.Builder(kept).add("a1", row("Lyon"), true, null).build().missing()).containsExactly("a1");
    }

    @Test
    void listsTheFirstHundredIdsOfEachKindAndCountsThemAll() {
        TargetReport.Builder builder = new TargetReport.Builder(ADDRESSES);
        for (int i = 0; i < 250; i++) {
            builder.add("id-%03d".formatted(i), row("Lyon"), false, held("Paris"));
        }
        TargetReport report = builder.build();

        assertThat(report.changedCount()).isEqualTo(250);
        assertThat(report.changed()).hasSize(TargetReport.LISTED).containsKey("id-000").containsKey("id-099")
                .doesNotContainKey("id-100");
    }
}
