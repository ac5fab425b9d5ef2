package app.platform.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service: its jar run as its own JVM process, with its environment, log file and readiness probe. */
final class ServiceProcess {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Map<String, String> env;
    private final Path dataDir;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path dataDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.dataDir = dataDir;
    }

    synchronized void start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar for " + name + " at " + jar + ": build first (./mvnw -DskipTests package)");
        }
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Path app = extracted(jar);
        List<String> command = new ArrayList<>(List.of(JAVA,
                // a heap that starts small and grows with the live set: the default starts at 1/64 of the machine's
                // memory (384 MB on 24 GiB), whose young generation alone the first minutes' garbage fills to RSS
                "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC",
                // and gives back what it no longer uses: the heap above 30% free after a full collection, and glibc's
                // freed native memory every 5 s (measured together: 6 to 24 MB less per service, no fewer requests/s)
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=5000",
                // made at the first start's exit, mapped by every start of the same build after it
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + app.resolveSibling(name + ".jsa"),
                // the archive's "Skipping <class>" notes at every stop, and Netty's native-access notice, are no news
                "-Xlog:cds*=off", "--enable-native-access=ALL-UNNAMED"));
        // the operator's own options last, so that they win over the ones above (a profiler, another heap)
        command.addAll(List.of(System.getenv().getOrDefault("PLATFORM_SERVICE_JAVA_OPTIONS", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-jar", app.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // glibc's arena per thread is resident memory too
        process = builder.start();
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
        String build = Files.size(jar) + " bytes, modified " + Files.getLastModifiedTime(jar);
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

    /** Waits until the readiness probe answers 200; fails early if the process died. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log under "
                        + dataDir.resolve("logs"));
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

    /** A clean stop (SIGTERM): Spring shuts down gracefully, Debezium commits its offsets. */
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The running process's id. */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return process.pid();
    }

    /** A crash (SIGKILL): no shutdown hook runs. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }
}
