package app.platform.bench;

import app.platform.testkit.MixedLoad;
import java.time.Duration;
import java.util.Map;

/**
 * The whole platform's start and memory, as {@code ./run.sh} starts it (every service its own JVM, the jars built):
 * the time from nothing running to every service ready, twice (the first start makes each service's class-data
 * archive, the second maps it), and each service's resident memory after a minute of the members' mixed load, beside
 * the launcher's own JVM (the embedded Kafka; here also the load). Options: --load-seconds N (60), --quick (20 s of
 * load).
 */
public final class PlatformBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Bench.printMachine();
        Duration loading = Duration.ofSeconds(Long.parseLong(Bench.option(args, "--load-seconds", Bench.quick(args) ? "20" : "60")));
        double first;
        try (BenchPlatform platform = BenchPlatform.start()) {
            first = platform.startSeconds;
        }
        Map<String, Long> rss;
        long launcher;
        double second;
        try (BenchPlatform platform = BenchPlatform.start()) {
            second = platform.startSeconds;
            MixedLoad load = platform.mixedLoad("memory", Duration.ofMillis(200));
            Thread loader = Thread.ofPlatform().name("memory-load").start(load);
            Thread.sleep(loading.toMillis()); // the load runs for this long before memory is read
            rss = platform.residentMb();
            launcher = BenchPlatform.residentMb(ProcessHandle.current().pid());
            load.stop();
            loader.join();
        }
        System.out.println("service\trss_mb");
        rss.forEach((service, mb) -> System.out.printf("%s\t%d%n", service, mb));
        System.out.printf("launcher and load\t%d%n", launcher);
        long largest = rss.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long all = rss.values().stream().mapToLong(Long::longValue).sum() + launcher;
        Bench.figure("whole platform start s", String.format("%.1f first, %.1f after", first, second), "-", "-",
                "<= 30 s", second <= 30);
        Bench.figure("memory RSS MB", largest + " largest service, " + all + " all JVMs (" + rss.size()
                        + " services and the launcher)", "-", "-", "<= 200 per service, <= 1500 in all",
                largest <= 200 && all <= 1500);
    }
}
