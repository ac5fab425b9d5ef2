package app.platform.bench;

import java.time.Duration;
import java.util.Arrays;
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

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

}
