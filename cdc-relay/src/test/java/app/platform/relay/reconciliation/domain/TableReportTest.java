package app.platform.relay.reconciliation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.relay.legacy.domain.SchemaChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TableReportTest {

    /** A stand-in checksum: the digests in id order, joined; equal exactly when the maps are. */
    private static final Function<Map<String, String>, String> CHECKSUM = digests -> new TreeMap<>(digests).toString();
    private static final Instant SOURCE = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void equalDigestsMatch() {
        Map<String, String> rows = Map.of("a", "1", "b", "2");
        TableReport report = TableReport.compare("public.users", "profile", rows, ledger(rows), CHECKSUM);

        assertThat(report.matches()).isTrue();
        assertThat(report.legacyCount()).isEqualTo(2);
        assertThat(report.importedCount()).isEqualTo(2);
        assertThat(report.checksumMatch()).isTrue();
        assertThat(report.legacyChecksum()).isEqualTo(report.importedChecksum()).isEqualTo(CHECKSUM.apply(rows));
        assertThat(report.missingIds()).isEmpty();
        assertThat(report.extraIds()).isEmpty();
        assertThat(report.changedIds()).isEmpty();
        assertThat(report.error()).isNull();
    }

    @Test
    void aTableWhoseOwnerHoldsARowOtherwiseDoesNotMatchThoughItsLedgerDoes() {
        Map<String, String> rows = Map.of("a", "1", "b", "2");
        TableReport ledgerMatches = TableReport.compare("public.user_addresses", "profile", rows, ledger(rows), CHECKSUM);
        Target held = new Target(2, 0, List.of(), 0, List.of(), 1, Map.of("b", List.of("city")),
                Map.of("updated_at", "kept by the service"), null);

        assertThat(ledgerMatches.matches()).isTrue();
        assertThat(ledgerMatches.withTarget(held).matches()).isFalse();
        assertThat(ledgerMatches.withTarget(held).target().changed()).containsEntry("b", List.of("city"));
        assertThat(ledgerMatches.withTarget(new Target(2, 0, List.of(), 0, List.of(), 0, Map.of(), Map.of(), null)).matches()).isTrue();
        assertThat(ledgerMatches.withTarget(Target.failed("profile did not answer")).matches()).isFalse();
    }

    @Test
    void aRecheckKeepsOnlyTheDifferencesBothLooksFound() {
        Map<String, String> legacy = Map.of("a", "1", "b", "2", "c", "3");
        // first look: b changed (in flight), c changed for good, x extra (in flight)
        TableReport first = TableReport.compare("public.users", "profile", legacy,
                ledger(Map.of("a", "1", "b", "old", "c", "wrong", "x", "9")), CHECKSUM)
                .withTarget(new Target(3, 0, List.of(), 0, List.of(), 2, Map.of("a", List.of("email"), "c", List.of("city")),
                        Map.of(), null));
        // second look, once the importers passed the first snapshot: b and x arrived, c is still wrong, y is in flight
        TableReport again = TableReport.compare("public.users", "profile", legacy,
                ledger(Map.of("a", "1", "b", "2", "c", "wrong", "y", "9")), CHECKSUM)
                .withTarget(new Target(3, 0, List.of(), 0, List.of(), 1, Map.of("c", List.of("city")), Map.of(), null));

        TableReport rechecked = first.recheckedBy(again);

        assertThat(rechecked.changedIds()).containsExactly("c");
        assertThat(rechecked.extraIds()).as("x arrived, y was not there at the first look").isEmpty();
        assertThat(rechecked.target().changed()).containsOnlyKeys("c");
        assertThat(rechecked.matches()).isFalse();

        TableReport settled = TableReport.compare("public.users", "profile", legacy, ledger(Map.of("a", "1", "b", "2", "c", "3")), CHECKSUM)
                .withTarget(new Target(3, 0, List.of(), 0, List.of(), 0, Map.of(), Map.of(), null));
        assertThat(first.recheckedBy(settled).matches()).as("everything that differed was in flight").isTrue();
    }

    @Test
    void aSecondLookWithMoreDifferencesThanListedStandsAsItIs() {
        Map<String, String> legacy = new TreeMap<>();
        for (int i = 0; i < TableReport.LISTED + 20; i++) {
            legacy.put("r" + i, "1");
        }
        // first look: one row not imported yet; second look: many rows gone from the ledger, beyond the listed ids
        Map<String, String> almost = new TreeMap<>(legacy);
        almost.remove("r0");
        TableReport first = TableReport.compare("public.users", "profile", legacy, ledger(almost), CHECKSUM);
        TableReport again = TableReport.compare("public.users", "profile", legacy, ledger(Map.of("r0", "1")), CHECKSUM);

        TableReport rechecked = first.recheckedBy(again);

        assertThat(rechecked.missingCount()).isEqualTo(TableReport.LISTED + 19);
        assertThat(rechecked.matches()).isFalse();
    }

    @Test
    void namesMissingExtraAndChangedIds() {
        Map<String, String> legacy = Map.of("a", "1", "b", "2", "c", "3");
        Map<String, String> imported = Map.of("b", "2", "c", "changed", "x", "9");
        TableReport report = TableReport.compare("public.users", "profile", legacy, ledger(imported), CHECKSUM);

        assertThat(report.matches()).isFalse();
        assertThat(report.missingCount()).isEqualTo(1);
        assertThat(report.missingIds()).containsExactly("a");
        assertThat(report.extraCount()).isEqualTo(1);
        assertThat(report.extraIds()).containsExactly("x");
        assertThat(report.changedCount()).isEqualTo(1);
        assertThat(report.changedIds()).containsExactly("c");
        assertThat(report.checksumMatch()).isFalse();
    }

    @Test
    void listsTheFirstIdsInOrderAndCountsThemAll() {
        Map<String, String> legacy = new HashMap<>();
        IntStream.range(0, 250).forEach(i -> legacy.put("id-%03d".formatted(i), "d"));
        TableReport report = TableReport.compare("auth.users", "identity", legacy, ledger(Map.of()), CHECKSUM);

        assertThat(report.missingCount()).isEqualTo(250);
        assertThat(report.missingIds()).hasSize(TableReport.LISTED).startsWith("id-000", "id-001")
                .endsWith("id-099").isSorted();
    }

    @Test
    void aDifferentChecksumAloneIsAMismatch() {
        Map<String, String> legacy = Map.of("a", "1");
        Map<String, String> imported = new HashMap<>(legacy);
        TableReport report = TableReport.compare("public.users", "profile", legacy, ledger(imported),
                digests -> digests == legacy ? "legacy" : "imported");

        assertThat(report.missingCount() + report.extraCount() + report.changedCount()).isZero();
        assertThat(report.checksumMatch()).isFalse();
        assertThat(report.matches()).isFalse();
    }

    @Test
    void keepsTheOwnersFirstProblemsSortedByIdAndItsWaitingAndLag() {
        Map<String, String> problems = new LinkedHashMap<>();
        IntStream.range(0, 150).forEach(i -> problems.put("p-%03d".formatted(149 - i), "reason " + i));
        Ledger ledger = new Ledger(Map.of(), Map.of(), problems, Map.of(), 7, SOURCE, SOURCE.plusMillis(250));
        TableReport report = TableReport.compare("public.users", "profile", Map.of(), ledger, CHECKSUM);

        assertThat(report.problems()).hasSize(TableReport.LISTED).containsKeys("p-149", "p-050")
                .doesNotContainKey("p-049");
        assertThat(List.copyOf(report.problems().keySet())).isSorted();
        assertThat(report.waiting()).isEqualTo(7);
        assertThat(report.lagMs()).isEqualTo(250L);
        assertThat(report.problemCount()).isEqualTo(150);
        assertThat(report.matches()).as("a row its owner could not import blocks verification").isFalse();
        TableReport waitingOnly = TableReport.compare("public.users", "profile", Map.of(),
                new Ledger(Map.of(), Map.of(), Map.of(), Map.of("w1", "imported without a password"), 7, SOURCE, SOURCE), CHECKSUM);
        assertThat(waitingOnly.matches()).as("waiting rows and warnings are reported, not blocking").isTrue();
        assertThat(waitingOnly.warnings()).containsEntry("w1", "imported without a password");
        assertThat(waitingOnly.warningCount()).isEqualTo(1);
    }

    @Test
    void anUncapturedTableInScopeMatchesOnlyWhileItIsEmpty() {
        TableReport empty = TableReport.uncaptured("auth.mfa_factors", true, 0);
        TableReport absent = TableReport.uncaptured("public.tax_forms", false, 0);
        TableReport holding = TableReport.uncaptured("auth.sessions", true, 15);

        assertThat(empty.matches()).isTrue();
        assertThat(absent.matches()).isTrue();
        assertThat(absent.owner()).contains("absent");
        assertThat(holding.matches()).isFalse();
        assertThat(holding.legacyCount()).isEqualTo(15);
        assertThat(holding.error()).startsWith("not captured, and it holds 15 rows");
    }

    @Test
    void aFailedTableNeverMatches() {
        TableReport report = TableReport.failed("public.users", "profile", "profile did not answer: timeout");

        assertThat(report.matches()).isFalse();
        assertThat(report.error()).isEqualTo("profile did not answer: timeout");
        assertThat(report.owner()).isEqualTo("profile");
    }

    @Test
    void theLagIsUnknownWithoutBothInstantsAndNeverNegative() {
        assertThat(new Ledger(Map.of(), Map.of(), Map.of(), Map.of(), 0, SOURCE, null).lagMs()).isNull();
        assertThat(new Ledger(Map.of(), Map.of(), Map.of(), Map.of(), 0, null, SOURCE).lagMs()).isNull();
        assertThat(new Ledger(Map.of(), Map.of(), Map.of(), Map.of(), 0, SOURCE, SOURCE.minusSeconds(1)).lagMs()).isZero();
    }

    @Test
    void bucketByBucketOnlyTheBucketsThatDifferAreReadAndTheCountsAreTheWholeTables() {
        Map<String, Bucket> legacy = new java.util.TreeMap<>();
        Bucket.add(legacy, "0a", 10);
        Bucket.add(legacy, "0a", 5);
        Bucket.add(legacy, "ff", 7);
        Map<String, Bucket> imported = new java.util.TreeMap<>();
        Bucket.add(imported, "0a", 15); // one row whose share equals two: the row count tells them apart
        Bucket.add(imported, "ff", 7);
        Bucket.add(imported, "c3", 1);

        assertThat(legacy.get("0a")).isEqualTo(new Bucket(2, "15"));
        assertThat(Bucket.differing(legacy, imported)).containsExactly("0a", "c3");
        assertThat(Bucket.differing(legacy, legacy)).isEmpty();
        TableReport report = TableReport.compare("public.users", "profile", legacy, Map.of("a", "1", "b", "2"),
                new Ledger(imported, Map.of("a", "1", "z", "9"), Map.of(), Map.of(), 0, null, null));
        assertThat(report.legacyCount()).isEqualTo(3);
        assertThat(report.importedCount()).isEqualTo(3);
        assertThat(report.missingIds()).containsExactly("b");
        assertThat(report.extraIds()).containsExactly("z");
        assertThat(report.checksumMatch()).isFalse();
        assertThat(report.matches()).isFalse();
        TableReport same = TableReport.compare("public.users", "profile", legacy, Map.of(),
                new Ledger(legacy, Map.of(), Map.of(), Map.of(), 0, null, null));
        assertThat(same.matches()).isTrue();
        assertThat(same.legacyChecksum()).isEqualTo(same.importedChecksum()).matches("[0-9a-f]{64}");
    }

    @Test
    void aReportMatchesWhenEveryTableDoes() {
        Map<String, String> rows = Map.of("a", "1");
        TableReport matching = TableReport.compare("auth.users", "identity", rows, ledger(rows), CHECKSUM);
        TableReport failed = TableReport.failed("public.users", "profile", "unreadable");
        List<SchemaChange> changes = List.of(new SchemaChange("auth.users", "id uuid", "id uuid, x text"));

        assertThat(Report.of(SOURCE, "0/16B3748", List.of(matching), changes).matches())
                .as("a DDL change is reported beside the verdict, not in it").isTrue();
        assertThat(Report.of(SOURCE, "0/16B3748", List.of(matching, failed), List.of()).matches()).isFalse();
        assertThat(Report.of(SOURCE, "0/16B3748", List.of(), List.of()).matches()).isTrue();
    }

    private static Ledger ledger(Map<String, String> rows) {
        return new Ledger(Map.of(), rows, Map.of(), Map.of(), 0, null, null);
    }
}
