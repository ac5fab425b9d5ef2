package app.platform.bench;

import app.platform.testkit.MixedLoad;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The platform exactly as a user starts it: {@code ./run.sh} as a process of its own (its JVM options, its default
 * ports, a fresh data directory, no legacy database), the per-address limits lifted for one client's load; ready
 * once it printed that it is up.
 */
final class RunScript implements AutoCloseable {

    static final String GATEWAY = "http://localhost:8080";
    static final String PROFILE = "http://localhost:8082";
    static final String JDBC = "jdbc:postgresql://localhost:15432/platform";

    private final Process process;
    /** From the command to the platform's "up". */
    final double startSeconds;

    private RunScript(Process process, double startSeconds) {
        this.process = process;
        this.startSeconds = startSeconds;
    }

    /** @param options more of {@code run.sh}'s options ({@code --jvm-per-service}) */
    static RunScript start(String... options) throws Exception {
        Path data = Files.createTempDirectory("bench-run");
        List<String> command = new ArrayList<>(List.of("./run.sh", "--data-dir", data.toString(), "--no-legacy"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(BenchPlatform.LIMITS_LIFTED);
        long began = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<Boolean> up = new CompletableFuture<>();
        Path log = data.resolve("run.log");
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var copy = Files.newBufferedWriter(log)) {
                for (String line; (line = out.readLine()) != null; ) {
                    copy.write(line);
                    copy.newLine();
                    copy.flush();
                    if (line.startsWith("The platform is up.")) {
                        up.complete(true);
                    }
                }
            } catch (Exception ignored) {
                // the process ended; up is completed below
            }
            up.complete(false);
        });
        if (!up.get(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("./run.sh " + String.join(" ", options) + " did not start; see " + log);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("# ./run.sh %s up in %.1f s (logs in %s)%n", String.join(" ", options), seconds,
                data.resolve("logs"));
        return new RunScript(process, seconds);
    }

    /** The members' mixed load against it, as {@link BenchPlatform#mixedLoad} runs it. */
    MixedLoad mixedLoad(String prefix, Duration pace) throws Exception {
        return BenchPlatform.mixedLoad(GATEWAY, JDBC, prefix, pace);
    }

    /** The resident memory of each JVM it runs (the launcher's, then each service's own if it has one), in MB. */
    Map<String, Long> residentMb() throws Exception {
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("launcher", BenchPlatform.residentMb(process.pid()));
        for (ProcessHandle child : process.descendants().toList()) {
            String[] arguments = child.info().arguments().orElse(new String[0]);
            for (int i = 0; i < arguments.length - 1; i++) {
                if (arguments[i].equals("-jar")) { // a service: java ... -jar <service>/target/run/<service>.jar
                    rss.put(Path.of(arguments[i + 1]).getFileName().toString().replace(".jar", ""),
                            BenchPlatform.residentMb(child.pid()));
                }
            }
        }
        return rss;
    }

    /** Ctrl-C: every service stopped cleanly, then the broker and PostgreSQL. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
