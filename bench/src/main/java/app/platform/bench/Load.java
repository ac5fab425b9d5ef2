package app.platform.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A closed-loop load: N workers repeat an operation for a while; the rate and the latency percentiles. */
final class Load {

    private Load() {
    }

    interface Operation {
        void run(long i) throws Exception;
    }

    /** What a load did: its operations, errors, time, latencies, and the CPU its workers' threads used. */
    record Rate(long operations, long errors, Duration elapsed, long[] latenciesMs, long cpuNanos) {
        double perSecond() {
            return operations * 1000.0 / elapsed.toMillis();
        }

        /**
         * The share of the machine's cores the workers' threads used during the load, 0 to 1: the whole load generator
         * when the operation does its work in the calling thread ({@link KeepAliveGet}), not a client's own threads.
         */
        double generatorShare() {
            return (double) cpuNanos / elapsed.toNanos() / Runtime.getRuntime().availableProcessors();
        }

        long percentile(int p) {
            return latenciesMs.length == 0 ? 0 : latenciesMs[Math.min(latenciesMs.length - 1, latenciesMs.length * p / 100)];
        }
    }

    static Rate run(int threads, Duration duration, Operation operation) throws InterruptedException {
        return run(threads, duration, operation, false);
    }

    /** {@code threads} workers repeat the operation until the time is up; with {@code perWorker} each gets its index. */
    static Rate run(int threads, Duration duration, Operation operation, boolean perWorker) throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicInteger ids = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    int worker = ids.getAndIncrement();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    while (System.nanoTime() < end) {
                        long began = System.nanoTime();
                        try {
                            operation.run(perWorker ? worker : counter.get());
                            counter.incrementAndGet();
                            latencies.add((System.nanoTime() - began) / 1_000_000);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                });
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Rate(counter.get(), errors.get(), Duration.ofNanos(System.nanoTime() - start), sorted,
                cpuNanos.get());
    }

    /**
     * Runs the load in rounds of five seconds (or {@code max}, if shorter) until the JIT of the JVMs that serve it has
     * settled: a round in which their compilers worked less than {@link #SETTLED_COMPILATION} of it
     * ({@code jvm_compilation_time_ms_total} of each JVM's Prometheus endpoint, the compilers' summed time), or
     * {@code max}. A platform in one JVM was still compiling the GET's path 70 s after its start (C2's threads 10-20%
     * of its CPU), so a fixed ten seconds measured the compiler. Prints how long it took, the last round's compilation
     * and the errors; a warm-up that failed more often than not is an error (failing requests compile little).
     */
    static void warmUp(String path, int threads, Duration max, Operation operation, boolean perWorker,
                       String... prometheusUrls) throws Exception {
        Duration round = max.compareTo(Duration.ofSeconds(5)) < 0 ? max : Duration.ofSeconds(5);
        long start = System.nanoTime();
        double compiling;
        long operations = 0;
        long errors = 0;
        do {
            long before = compilationMillis(prometheusUrls);
            long began = System.nanoTime();
            Rate rate = run(threads, round, operation, perWorker);
            compiling = (compilationMillis(prometheusUrls) - before) / ((System.nanoTime() - began) / 1e6);
            operations += rate.operations();
            errors += rate.errors();
        } while (compiling >= SETTLED_COMPILATION && System.nanoTime() - start < max.toNanos());
        System.out.printf("# warm-up %s: %.0f s, compilation %.0f%% of the last round%s, %d operations, %d errors%n",
                path, (System.nanoTime() - start) / 1e9, 100 * compiling,
                compiling < SETTLED_COMPILATION ? "" : " (not settled within " + max.toSeconds() + " s)", operations,
                errors);
        if (errors > operations) {
            // a load that mostly fails compiles little and would pass for settled
            throw new IllegalStateException("the warm-up of " + path + " failed more often than not");
        }
    }

    /** Below this, compilation time per wall time in a round, the JIT has settled (5%: a twentieth of one core). */
    static final double SETTLED_COMPILATION = 0.05;

    private static final HttpClient METRICS = HttpClient.newHttpClient();

    /** The summed compilation time of the JVMs behind these Prometheus endpoints (one JVM counted once). */
    private static long compilationMillis(String... prometheusUrls) throws Exception {
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (String url : prometheusUrls) {
            String body = METRICS.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String line = body.lines().filter(l -> l.startsWith("jvm_compilation_time_ms_total")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(url + " has no jvm_compilation_time_ms_total"));
            String started = body.lines().filter(l -> l.startsWith("process_start_time_seconds")).findFirst().orElse(url);
            if (seen.add(started)) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

}
