package app.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service run as its own JVM process: a crash or a memory leak is its own, its JVM options are its own. */
final class ServiceProcess extends Service {

    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path dataDir) {
        super(name, jar, port, env, dataDir);
    }

    @Override
    synchronized void start() throws IOException, InterruptedException {
        Path app = application();
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
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

    @Override
    synchronized String exited() {
        return process != null && !process.isAlive() ? "exited with " + process.exitValue() : null;
    }

    /** SIGTERM. */
    @Override
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return process.pid();
    }

    /** SIGKILL. */
    @Override
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }
}
