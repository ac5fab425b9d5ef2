package app.platform.bench;

import app.platform.testkit.MixedLoad;
import java.time.Duration;
import java.util.Map;

/**
 * The whole platform's start and memory as {@code ./run.sh} starts it ({@link RunScript}: its own process, the jars
 * built), in both its modes: every service in the launcher's JVM (the default) and a JVM per service
 * ({@code --jvm-per-service}). For each, the time from the command to "up", and each JVM's resident memory after the
 * members' mixed load (which runs in this JVM, not counted). Each mode starts twice (the first start after a build
 * extracts the jars and makes the per-service JVMs' class-data archives) and the second is measured. Options:
 * --load-seconds N (60), --quick (the default mode only, 10 s of load: under two minutes).
 */
public final class PlatformBench {

    private static final int SERVICES = 7;

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private record Measured(String firstStart, double start, Map<String, Long> rss) {

        long all() {
            return rss.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        boolean quick = Bench.quick(args);
        Duration loading = Duration.ofSeconds(Long.parseLong(Bench.option(args, "--load-seconds", quick ? "10" : "60")));
        Measured one = measure(loading);
        Measured perService = quick ? null : measure(loading, "--jvm-per-service");
        System.out.println("mode\tjvm\trss_mb");
        one.rss.forEach((jvm, mb) -> System.out.printf("one JVM\t%s\t%d%n", jvm, mb));
        String perServiceStart = " (a JVM per service: --full)";
        String perServiceMemory = " (a JVM per service: --full)";
        if (perService != null) {
            perService.rss.forEach((jvm, mb) -> System.out.printf("a JVM per service\t%s\t%d%n", jvm, mb));
            long largest = perService.rss.entrySet().stream().filter(e -> !e.getKey().equals("launcher"))
                    .mapToLong(Map.Entry::getValue).max().orElse(0);
            perServiceStart = String.format(", %s%.1f a JVM per service", perService.firstStart, perService.start);
            perServiceMemory = "; a JVM per service: " + largest + " largest service, " + perService.all() + " all JVMs";
        }
        Bench.figure("whole platform start s", String.format("%s%.1f in one JVM (./run.sh)%s", one.firstStart,
                one.start, perServiceStart), "-", "-", "<= 30 s", one.start <= 30);
        Bench.figure("memory RSS MB", one.all() + " in one JVM (" + SERVICES + " services and the broker, "
                        + one.all() / SERVICES + " a service)" + perServiceMemory, "-", "-",
                "<= 200 per service, <= 1500 in all", one.all() <= 1500 && one.all() / SERVICES <= 200);
    }

    /**
     * Starts ./run.sh with these options twice (the first start after a build extracts the jars and makes the
     * per-service JVMs' class-data archives), then measures the second start and its JVMs under the mixed load.
     */
    private static Measured measure(Duration loading, String... options) throws Exception {
        String first;
        try (RunScript platform = RunScript.start(options)) {
            first = String.format("%.1f first, ", platform.startSeconds);
        }
        try (RunScript platform = RunScript.start(options)) {
            MixedLoad load = platform.mixedLoad("memory", Duration.ofMillis(200));
            Thread loader = Thread.ofPlatform().name("memory-load").start(load);
            Thread.sleep(loading.toMillis()); // the load runs for this long before memory is read
            Map<String, Long> rss = platform.residentMb();
            load.stop();
            loader.join();
            return new Measured(first, platform.startSeconds, rss);
        }
    }
}
