package app.platform.legacydemo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo legacy (Supabase-shaped) database ({@code legacy-demo.sql}): creates the schema and the data, multiplied
 * by {@code --scale}; for the tests, the benchmarks and docker compose's {@code legacy} profile.
 */
public final class LegacyDemo {

    private LegacyDemo() {
    }

    /** The long password of user 3 of each block: 89 bytes, more than bcrypt reads (it hashed the first 72). */
    public static final String LONG_PASSWORD =
            "Demo-password-3 is a passphrase far longer than bcrypt reads: seventy-two bytes and more!";

    /** The password of demo user {@code n} ({@code user<n>@demo.example}) who has one (1..16 of each block of 22). */
    public static String password(long n) {
        long k = (n - 1) % 22 + 1;
        return k == 3 ? LONG_PASSWORD : k % 2 == 0 ? "Demo-password-2" : "Demo-password-1";
    }

    public static void create(Connection connection, int scale) throws SQLException {
        create(connection, scale, true);
    }

    /** {@code auditLogs} false leaves the audit log tables empty (at 1,000,000 users they would hold ~90M rows). */
    public static void create(Connection connection, int scale, boolean auditLogs) throws SQLException {
        try (Statement st = connection.createStatement(); InputStream script = LegacyDemo.class.getResourceAsStream("/legacy-demo.sql")) {
            st.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
            st.execute("SELECT legacy_demo_generate(" + Math.max(1, scale) + ", " + auditLogs + ")");
        } catch (IOException e) {
            throw new IllegalStateException("legacy-demo.sql is missing from the launcher", e);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = option(args, "--jdbc-url", "jdbc:postgresql://localhost:15433/postgres");
        int scale = Integer.parseInt(option(args, "--scale", "1"));
        try (Connection c = DriverManager.getConnection(url, option(args, "--user", "postgres"),
                option(args, "--password", "postgres"))) {
            long start = System.nanoTime();
            create(c, scale, !java.util.Arrays.asList(args).contains("--no-audit-logs"));
            System.out.printf("legacy demo database at scale %d in %d ms%n", scale, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
