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

    /** What a load did: its operations, errors, time, latencies, and the CPU this JVM used meanwhile. */
    record Rate(long operations, long errors, Duration elapsed, long[] latenciesMs, long cpuNanos) {
        double perSecond() {
            return operations * 1000.0 / elapsed.toMillis();
        }

        /** The share of the machine's cores this JVM (the load generator) used during the load, 0 to 1. */
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
        long cpuBefore = processCpuNanos();
        AtomicInteger ids = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    int worker = ids.getAndIncrement();
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
                });
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Rate(counter.get(), errors.get(), Duration.ofNanos(System.nanoTime() - start), sorted,
                processCpuNanos() - cpuBefore);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

}
