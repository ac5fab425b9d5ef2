package app.platform.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The cutover's imports: the whole platform over the demo legacy database at {@code --scale}, captured by cdc-relay and
 * imported by each owning service through its application commands, as the launcher runs it. The figure is the rows
 * the owners recorded as imported (their ledgers, {@code legacy_row} and {@code legacy_problem} in each schema) per
 * second, from the first recorded to the last, against {@code COPY ... TO STDOUT} of the same legacy tables in the same
 * run. Options: --scale N (455: 10,000 users), --quick (scale 10: about 220 users and 20,000 audit rows),
 * --no-audit-logs (the demo's audit log tables empty: the members' tables alone, at a larger scale).
 */
public final class ImportBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        int scale = Integer.parseInt(Bench.option(args, "--scale", Bench.quick(args) ? "10" : "455"));
        try (BenchPlatform bench = BenchPlatform.start(scale, !java.util.Arrays.asList(args).contains("--no-audit-logs"));
             Connection platform = DriverManager.getConnection(bench.platform.jdbcUrl(), "postgres", "postgres");
             Connection legacy = DriverManager.getConnection(bench.platform.legacyJdbcUrl(), "postgres", "postgres")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = legacy.createStatement().executeQuery("""
                    SELECT table_schema || '.' || table_name FROM information_schema.tables
                    WHERE table_schema IN ('auth', 'public') AND table_type = 'BASE TABLE'""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            CutoverBench.Copy copy = CutoverBench.copyOut(legacy, tables);
            String ledgers = ledgers(platform);
            long recorded = 0;
            long unchangedSince = System.nanoTime();
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            while (System.nanoTime() < deadline && System.nanoTime() - unchangedSince < 20_000_000_000L) {
                long now = count(platform, "SELECT count(*) FROM (" + ledgers + ") AS l");
                if (now != recorded) {
                    recorded = now;
                    unchangedSince = System.nanoTime();
                }
                Thread.sleep(500); // sampling the ledgers: the figure comes from their own timestamps
            }
            double seconds = count(platform, "SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::bigint FROM ("
                    + ledgers + ") AS l") / 1000.0;
            double rate = recorded / seconds;
            System.out.printf("legacy tables: %d, rows %d; COPY TO STDOUT %.0f rows/s%n", tables.size(), copy.rows(),
                    copy.perSecond());
            System.out.printf("recorded by the owners: %d rows in %.1f s, %.0f rows/s%n", recorded, seconds, rate);
            // each owner's share and each of its tables', from the first recorded row of all
            System.out.println("owner\ttable\trows\tfirst_s\tlast_s");
            try (ResultSet rs = platform.createStatement().executeQuery("WITH l AS (" + ledgers + ") SELECT owner, "
                    + "coalesce(source_table, '(all)'), count(*), extract(epoch FROM min(at) - (SELECT min(at) FROM l)), "
                    + "extract(epoch FROM max(at) - (SELECT min(at) FROM l)) FROM l GROUP BY GROUPING SETS ((owner), "
                    + "(owner, source_table)) ORDER BY max(max(at)) OVER (PARTITION BY owner), owner, source_table NULLS FIRST")) {
                while (rs.next()) {
                    System.out.printf("%s\t%s\t%d\t%.1f\t%.1f%n", rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getDouble(4), rs.getDouble(5));
                }
            }
            Bench.figure("legacy rows imported into the services' tables rows/s", Bench.number(rate) + " (" + recorded
                            + " of " + copy.rows() + " rows)", "COPY ... TO STDOUT of the same tables: "
                            + Bench.number(copy.perSecond()), String.format("%.3f", rate / copy.perSecond()), ">= 0.1x",
                    rate >= 0.1 * copy.perSecond());
        }
    }

    /**
     * Every row every owner's ledger recorded, imported or noted as a problem: its owner (schema), its legacy table and
     * when ({@code at}).
     */
    private static String ledgers(Connection platform) throws Exception {
        List<String> parts = new ArrayList<>();
        try (ResultSet rs = platform.createStatement().executeQuery(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = 'legacy_row'")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                parts.add("SELECT '" + schema + "' AS owner, source_table, applied_at AS at FROM " + schema
                        + ".legacy_row WHERE applied UNION ALL SELECT '" + schema + "', source_table, noted_at FROM " + schema
                        + ".legacy_problem");
            }
        }
        return String.join(" UNION ALL ", parts);
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
