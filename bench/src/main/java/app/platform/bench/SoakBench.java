package app.platform.bench;

import app.platform.testkit.MixedLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The soak: the members' mixed load ({@link MixedLoad}: sign-ups, sign-ins, profile edits, subscriptions charged,
 * KYC, queue joins, payouts paid, through the gateway) at a fixed rate for a while, on the whole platform. Per minute
 * it prints each operation's count, failures, p50 and p99, and each service's resident memory; at the end the slope of
 * each over the minutes after the first (the JIT's warm-up), by least squares. The figure is a slope near zero: no
 * leak, no latency that grows. Options: --minutes N (10), --tick-ms N (200: five ticks a second), --quick (2 minutes).
 */
public final class SoakBench {

    public static void main(String[] args) {
        Bench.exitAfter(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        int minutes = Integer.parseInt(Bench.option(args, "--minutes", quick ? "2" : "10"));
        Duration tick = Duration.ofMillis(Long.parseLong(Bench.option(args, "--tick-ms", "200")));
        Bench.printMachine();
        try (BenchPlatform platform = BenchPlatform.start()) {
            MixedLoad load = platform.mixedLoad("soak", tick);
            System.out.printf("# soak: %d min of the mixed load, a tick every %d ms (sign-up, profile edit, a journey step)%n",
                    minutes, tick.toMillis());
            Thread loader = Thread.ofPlatform().name("soak-load").start(load);
            List<Map<String, Long>> rss = new ArrayList<>();
            List<Map<String, Long>> live = new ArrayList<>();
            long start = System.nanoTime();
            for (int minute = 1; minute <= minutes; minute++) {
                Thread.sleep(Math.max(0, start + Duration.ofMinutes(minute).toNanos() - System.nanoTime()) / 1_000_000);
                rss.add(platform.residentMb()); // the pacing of the samples: a minute of load between two
                live.add(platform.liveHeapMb());
            }
            load.stop();
            loader.join();
            report(load.samples(), rss, live, minutes);
            System.out.printf("# journeys %s%n", load.journeys());
        }
    }

    private static void report(List<MixedLoad.Sample> samples, List<Map<String, Long>> rss,
                               List<Map<String, Long>> live, int minutes) {
        Map<String, List<List<Long>>> latencies = new TreeMap<>(); // operation -> minute -> micros
        Map<String, long[]> failed = new TreeMap<>();
        for (MixedLoad.Sample s : samples) {
            int minute = (int) (s.startedMs() / 60_000);
            if (minute >= minutes) {
                continue;
            }
            List<List<Long>> byMinute = latencies.computeIfAbsent(s.operation(), k -> {
                List<List<Long>> empty = new ArrayList<>();
                for (int m = 0; m < minutes; m++) {
                    empty.add(new ArrayList<>());
                }
                return empty;
            });
            if (s.ok()) {
                byMinute.get(minute).add(s.micros());
            } else {
                failed.computeIfAbsent(s.operation(), k -> new long[minutes])[minute]++;
            }
        }
        System.out.println("minute\toperation\tcount\tfailed\tp50_ms\tp99_ms");
        Map<String, double[][]> percentiles = new TreeMap<>();
        latencies.forEach((operation, byMinute) -> {
            double[][] p = new double[2][minutes];
            for (int m = 0; m < minutes; m++) {
                List<Long> sorted = byMinute.get(m).stream().sorted().toList();
                p[0][m] = percentile(sorted, 50);
                p[1][m] = percentile(sorted, 99);
                System.out.printf("%d\t%s\t%d\t%d\t%.1f\t%.1f%n", m + 1, operation, sorted.size(),
                        failed.getOrDefault(operation, new long[minutes])[m], p[0][m], p[1][m]);
            }
            percentiles.put(operation, p);
        });
        System.out.println("minute\tservice\trss_mb\tlive_heap_mb");
        for (int m = 0; m < rss.size(); m++) {
            int minute = m + 1;
            Map<String, Long> liveNow = live.get(m);
            rss.get(m).forEach((service, mb) -> System.out.printf("%d\t%s\t%d\t%d%n", minute, service, mb,
                    liveNow.getOrDefault(service, -1L)));
        }
        System.out.println("slope\tof\tper_minute");
        percentiles.forEach((operation, p) -> {
            System.out.printf("slope\tp50_ms %s\t%+.2f%n", operation, slope(p[0]));
            System.out.printf("slope\tp99_ms %s\t%+.2f%n", operation, slope(p[1]));
        });
        for (String service : new TreeSet<>(rss.getFirst().keySet())) {
            double[] mb = rss.stream().mapToDouble(r -> r.getOrDefault(service, 0L)).toArray();
            System.out.printf("slope\trss_mb %s\t%+.2f%n", service, slope(mb));
            double[] heap = live.stream().mapToDouble(r -> r.getOrDefault(service, 0L)).toArray();
            System.out.printf("slope\tlive_heap_mb %s\t%+.2f%n", service, slope(heap));
        }
    }

    private static double percentile(List<Long> sortedMicros, int p) {
        // nearest rank: the smallest value with at least p% of the values at or below it
        return sortedMicros.isEmpty() ? Double.NaN
                : sortedMicros.get(Math.max(0, (int) Math.ceil(sortedMicros.size() * p / 100.0) - 1)) / 1000.0;
    }

    /** The least-squares slope per minute, over the minutes after the first (all of them when there are two). */
    static double slope(double[] perMinute) {
        int from = perMinute.length > 2 ? 1 : 0;
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int x = from; x < perMinute.length; x++) {
            if (Double.isNaN(perMinute[x])) {
                continue;
            }
            n++;
            sx += x;
            sy += perMinute[x];
            sxx += (double) x * x;
            sxy += x * perMinute[x];
        }
        double denominator = n * sxx - sx * sx;
        return n < 2 || denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
    }
}
