package app.platform.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One service of the platform as the launcher runs it, from its jar, with its environment, log file and readiness
 * probe: {@link ServiceProcess} in a JVM of its own, {@link ServiceInJvm} in the launcher's.
 */
abstract sealed class Service permits ServiceProcess, ServiceInJvm {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    final String name;
    final int port;
    final Path jar;
    final Map<String, String> env;
    final Path dataDir;

    Service(String name, Path jar, int port, Map<String, String> env, Path dataDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.dataDir = dataDir;
    }

    abstract void start() throws Exception;

    /** A clean stop: Spring shuts down gracefully, Debezium commits its offsets. */
    abstract void stop() throws InterruptedException;

    /** A crash: no shutdown hook runs. */
    abstract void kill() throws InterruptedException;

    /** The id of the process it runs in. */
    abstract long pid();

    /** Why it is not running, once it stopped or failed to start by itself; null while it runs or starts. */
    abstract String exited();

    /** Waits until the readiness probe answers 200; fails early if the service exited. */
    final void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            String exited = exited();
            if (exited != null) {
                throw new IllegalStateException(name + " " + exited + "; see its log under " + dataDir.resolve("logs"));
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250); // polling the probe: there is nothing to block on until the service listens
        }
        throw new IllegalStateException(name + " was not ready within " + timeout);
    }

    /** The jar, extracted (once per build) as {@link #extracted(Path)} lays it out; checked to be built first. */
    final Path application() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar for " + name + " at " + jar + ": build first (./mvnw -DskipTests package)");
        }
        return extracted(jar);
    }

    /**
     * What the jar holds: a digest of its entries' names, sizes and CRCs, read from its central directory (not the
     * 80 MB). The build is reproducible (the root pom's {@code project.build.outputTimestamp}), so building unchanged
     * sources again writes the same entries and keeps the extraction and the class-data archive made from it.
     */
    static String contents(Path jar) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            zip.stream().forEach(e -> digest.update((e.getName() + '\0' + e.getSize() + '\0' + e.getCrc() + '\n')
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return Files.size(jar) + " bytes, entries " + java.util.HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The jar as its JVM runs it: extracted once per build (Spring Boot's tools jar mode) into a folder beside it, an
     * application jar whose libraries are plain jars on its class path. The class-data archive can hold classes from
     * those; it holds none nested in the fat jar, whose start would load and verify every Spring class again.
     */
    private static synchronized Path extracted(Path jar) throws IOException, InterruptedException {
        Path dir = jar.resolveSibling("run");
        Path app = dir.resolve(jar.getFileName());
        Path built = dir.resolve("built-from");
        String build = contents(jar);
        // one extraction at a time across processes too (a launcher and the tests on the same checkout)
        try (var lock = java.nio.channels.FileChannel.open(jar.resolveSibling("run.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE).lock()) {
            if (Files.isRegularFile(built) && Files.readString(built).equals(build) && Files.isRegularFile(app)) {
                return app;
            }
            if (Files.exists(dir)) {
                try (var old = Files.walk(dir)) {
                    for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Process extract = new ProcessBuilder(JAVA, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--destination", dir.toString()).redirectErrorStream(true).start();
            String said = new String(extract.getInputStream().readAllBytes());
            if (extract.waitFor() != 0 || !Files.isRegularFile(app)) {
                throw new IllegalStateException("extracting " + jar + " failed: " + said);
            }
            Files.writeString(built, build); // last: a folder without it is an extraction cut short, made again
            return app;
        }
    }
}
