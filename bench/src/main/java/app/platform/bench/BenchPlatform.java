package app.platform.bench;

import app.platform.local.LocalPlatform;
import app.platform.testkit.MixedLoad;
import app.platform.testkit.Operator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The whole platform for a benchmark that drives it as its users do: every jar its own process on free ports (the
 * launcher's embedded PostgreSQL and Kafka; no legacy database unless asked for), the per-address limits lifted (the
 * load is one client from one address), and an operator for the members' mixed load.
 */
final class BenchPlatform implements AutoCloseable {

    private static final String PASSWORD = "a long enough password";
    /** The load is one client from one address: identity's and the gateway's per-address limits lifted. */
    static final Map<String, String> LIMITS_LIFTED = Map.of("IDENTITY_THROTTLE_API_FREE_ATTEMPTS", "100000000",
            "GATEWAY_RATE_ADDRESS_BURST", "100000000", "GATEWAY_RATE_AUTH_BURST", "100000000",
            "GATEWAY_RATE_USER_BURST", "100000000");
    final LocalPlatform platform;
    final String gateway;
    /** From nothing running to every service ready, PostgreSQL and Kafka included. */
    final double startSeconds;

    private BenchPlatform(LocalPlatform platform, double startSeconds) {
        this.platform = platform;
        this.gateway = platform.gatewayUrl();
        this.startSeconds = startSeconds;
    }

    static BenchPlatform start() throws Exception {
        return start(0, true);
    }

    /**
     * With the demo legacy database at this scale (0: none), its audit log tables left empty unless {@code auditLogs},
     * captured and imported as the launcher does.
     */
    static BenchPlatform start(int legacyScale, boolean auditLogs) throws Exception {
        Path data = Files.createTempDirectory("bench-platform");
        long began = System.nanoTime();
        LocalPlatform platform = LocalPlatform.onFreePorts(data, LIMITS_LIFTED, legacyScale);
        if (!auditLogs) {
            platform.withoutLegacyAuditLogs();
        }
        platform.start();
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("# platform started in %.1f s (logs in %s)%n", seconds, data.resolve("logs"));
        return new BenchPlatform(platform, seconds);
    }

    /** The members' mixed load at one tick per {@code pace}, its editor and operator ready. */
    MixedLoad mixedLoad(String prefix, Duration pace) throws Exception {
        return mixedLoad(gateway, platform.jdbcUrl(), prefix, pace);
    }

    /** The same against a platform at these addresses. */
    static MixedLoad mixedLoad(String gateway, String jdbcUrl, String prefix, Duration pace) throws Exception {
        String email = prefix + "-operator-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signedUp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway + "/api/identity/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (signedUp.statusCode() != 202) {
            throw new IllegalStateException("the operator was not signed up: " + signedUp.body());
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            c.createStatement().execute("UPDATE identity.users SET app_metadata = app_metadata || "
                    + "'{\"role\":\"admin\"}' WHERE email = '" + email + "'");
        }
        return new MixedLoad(gateway, prefix, pace, Operator.enrol(gateway, email, PASSWORD)).prepare(Duration.ofMinutes(1));
    }

    /** One number the platform's database answers (as its superuser). */
    long count(String sql) throws Exception {
        try (Connection c = connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row the platform's database answers (as its superuser). */
    java.util.List<String> rows(String sql) throws Exception {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Connection c = connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Each service's resident memory now, in MB. */
    Map<String, Long> residentMb() throws Exception {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String service : platform.services()) {
            rss.put(service, residentMb(platform.pid(service)));
        }
        return rss;
    }

    /**
     * Each service's live heap in MB: the heap used right after a full collection ({@code jcmd GC.run}, then
     * {@code GC.heap_info}), what a leak makes grow. Each call costs every service one full collection.
     */
    Map<String, Long> liveHeapMb() throws Exception {
        Map<String, Long> live = new LinkedHashMap<>();
        for (String service : platform.services()) {
            long pid = platform.pid(service);
            jcmd(pid, "GC.run");
            java.util.regex.Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            long kb = 0;
            while (used.find()) {
                kb += Long.parseLong(used.group(1));
            }
            live.put(service, kb / 1024);
        }
        return live;
    }

    /** A generation's (or G1's whole heap's) line of {@code GC.heap_info}: {@code total 9792K, used 4190K}. */
    private static final java.util.regex.Pattern HEAP_USED = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K");

    private static String jcmd(long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }

    /** A process's resident memory now, in MB (from {@code /proc/<pid>/status}). */
    static long residentMb(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
                .findFirst().orElse(0);
    }

    private Connection connection() throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl(), "postgres", "postgres");
    }

    @Override
    public void close() {
        platform.close();
    }
}
