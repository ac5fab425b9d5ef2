package app.platform.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar deploy/local/target/local-launcher-exec.jar [--data-dir DIR] [--legacy-scale N | --no-legacy]
 * [--jvm-per-service]}: starts the whole platform on this machine and keeps it up until Ctrl-C, which stops every
 * service cleanly, then Kafka, then PostgreSQL. The services run in this JVM, each in its own class loader and
 * context (a third of the memory, and a faster start, of a JVM each); {@code --jvm-per-service} runs each as its own
 * process, as a deployment does. By default it also makes the demo legacy (Supabase-shaped) database and runs the cutover's
 * capture and imports over it.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the embedded broker's notes at its first start (formatting, controller activation) are not the reader's business
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        Path dataDir = Path.of(option(args, "--data-dir", System.getenv().getOrDefault("PLATFORM_DATA_DIR", ".local-data")));
        Path home = projectHome(Path.of("").toAbsolutePath());
        System.out.println("Starting the platform (data in " + dataDir.toAbsolutePath() + ", logs in "
                + dataDir.resolve("logs").toAbsolutePath() + ")");
        int legacyScale = java.util.Arrays.asList(args).contains("--no-legacy") ? 0
                : Integer.parseInt(option(args, "--legacy-scale", "1"));
        boolean oneJvm = !java.util.Arrays.asList(args).contains("--jvm-per-service");
        LocalPlatform platform = new LocalPlatform(home, dataDir, Ports.defaults(), Map.of(), legacyScale, oneJvm);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the platform...");
            platform.close();
            stopped.countDown();
        }));
        try {
            platform.start();
        } catch (Exception | Error e) {
            // what was started is stopped again by now; a service stuck in its start may still hold a thread of this
            // JVM, which would keep it running
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println();
        System.out.println("The platform is up. Gateway: " + platform.gatewayUrl());
        System.out.println("  sign up:   curl -X POST " + platform.gatewayUrl()
                + "/api/identity/users -H 'Content-Type: application/json' -d '{\"email\":\"me@example.com\",\"password\":\"a long password\"}'");
        System.out.println("  discovery: " + platform.gatewayUrl() + "/.well-known/openid-configuration");
        System.out.println("  mail sent by the platform (verification, reset): " + dataDir.resolve("mail").toAbsolutePath());
        if (legacyScale > 0) {
            System.out.println("  the cutover: demo legacy database " + platform.legacyJdbcUrl() + " (postgres/postgres), "
                    + "captured and imported; report: scripts/cutover report (an admin's token in CUTOVER_TOKEN)");
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** The checkout: the nearest folder upwards with the Maven wrapper and deploy/local in it. */
    static Path projectHome(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("deploy/local"))) {
                return p;
            }
        }
        throw new IllegalStateException("run this from inside the project checkout (no mvnw found above " + from + ")");
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
