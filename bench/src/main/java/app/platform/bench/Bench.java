package app.platform.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks share: their options, a free port, and a service jar started as a process. */
final class Bench {

    private Bench() {
    }

    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark and ends the JVM: 0 when it finished, 1 (with the failure printed) when not; a load's threads
     * and an in-JVM broker's would otherwise keep it running.
     */
    static void exitAfter(Body body) {
        try {
            body.run();
            System.exit(0);
        } catch (Throwable failed) {
            failed.printStackTrace();
            System.exit(1);
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The machine facts every benchmark prints first: cores, memory, JDK. */
    static void printMachine() throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("unknown");
        System.out.printf("# machine: cores=%d memory=%s jdk=%s%n", Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.version"));
    }

    static boolean quick(String[] args) {
        return java.util.Arrays.asList(args).contains("--quick");
    }

    /**
     * One row of the table {@code bench/all.sh} prints, tab-separated after the word {@code figure}: what is measured,
     * its value now, the baseline it is set against (measured in the same run, or named when it is a published
     * figure), their ratio where there is one, the goal, and whether the goal is met.
     */
    static void figure(String name, String now, String baseline, String ratio, String goal, boolean met) {
        System.out.printf("figure\t%s\t%s\t%s\t%s\t%s\t%s%n", name, now, baseline, ratio, goal, met ? "met" : "not met");
    }

    static String number(double value) {
        return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the jar with these arguments (logging to bench/target/NAME.log) and waits until it is healthy. */
    static Process startJar(Path jar, String name, int port, List<String> arguments) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        Path log = Files.createDirectories(Path.of("bench", "target")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.toString(),
                "--server.port=" + port, "--spring.profiles.active=local")); // with its development secrets
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500); // polling a starting process: nothing to wait on but its port
        }
        throw new IllegalStateException(name + " did not become healthy; see " + log);
    }
}
