package app.platform.relay.engine;

import app.platform.runtime.InfrastructureFailures;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One Debezium embedded engine, supervised. It starts with the application once {@code ready}; whenever it fails
 * (its configuration cannot be built, it cannot start, or it stops while it should run) it is restarted after an
 * exponential back-off ({@link EngineSettings}), each attempt a new engine, as a closed one cannot restart. A run
 * that lasts {@link EngineSettings#healthyAfter()} ends the failure streak. While failing, the engine reports its
 * reason and attempts ({@link EngineHealthIndicator}); failing for {@link EngineSettings#giveUpAfter()} breaks the
 * application's liveness ({@link EngineLiveness}) until it recovers. A stop closes the engine, never interrupts it,
 * so its last batch is committed (or aborted), and ends the restarts. Each run has a producer of its own
 * ({@link KafkaForwarder#open()}), started before the engine reads its offsets.
 */
public class CaptureEngine implements SmartLifecycle {

    /** A streak of consecutive failed attempts: the last reason, how many, since when, whether liveness gave up. */
    public record Failing(String reason, int attempts, Instant since, boolean gaveUp) {
    }

    /** One attempt's engine; {@code ended} completes with why it stopped. */
    private record Run(DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine,
                       CompletableFuture<String> ended) {
    }

    private static final Logger log = LoggerFactory.getLogger(CaptureEngine.class);
    /** How often an engine that is not ready yet looks again. */
    private static final Duration READY_POLL = Duration.ofSeconds(1);
    /** How long a stop keeps trying to close an engine whose tasks are still starting (Debezium refuses until then). */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration CLOSE_RETRY = Duration.ofMillis(200);

    private final String name;
    private final Supplier<Properties> config;
    private final KafkaForwarder forwarder;
    private final BooleanSupplier ready;
    private final EngineSettings settings;
    private final EngineLiveness liveness;
    private final Object lock = new Object();
    private volatile boolean running;
    /** Each start begins a new generation; a supervisor of an earlier one ends. Guarded by {@link #lock}. */
    private int generation;
    /** Guarded by {@link #lock}. */
    private Run current;
    private volatile Failing failing;
    private volatile Properties lastConfig = new Properties();

    /**
     * @param config built for each attempt; it may read the source database, and a failure there is a failed attempt
     * @param ready  checked before each attempt (for example: the captured tables exist), every second until it holds
     */
    public CaptureEngine(String name, Supplier<Properties> config, KafkaForwarder forwarder, BooleanSupplier ready,
                         EngineSettings settings, EngineLiveness liveness) {
        this.name = name;
        this.config = config;
        this.forwarder = forwarder;
        this.ready = ready;
        this.settings = settings;
        this.liveness = liveness;
    }

    @Override
    public void start() {
        int started;
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            started = ++generation;
        }
        Thread.ofPlatform().name("engine-" + name).daemon(true).start(() -> supervise(started));
    }

    private void supervise(int gen) {
        try {
            while (active(gen)) {
                String reason;
                try {
                    if (!ready.getAsBoolean()) {
                        pause(gen, READY_POLL);
                        continue;
                    }
                    reason = runOnce(gen);
                } catch (RuntimeException | LinkageError e) {
                    // the readiness check, the configuration (which may read the source database) or the build failed
                    // (a class the connector needs that cannot load is a failure too, not the supervisor's end)
                    reason = FailureReason.of(e, lastConfig);
                    // the reason with its secrets masked, the failure's kinds: a message of the driver or the engine
                    // may quote a password or a row
                    log.error("engine {} could not start: {} ({})", name, reason, InfrastructureFailures.describe(e));
                }
                Duration backoff = reason == null ? null : failed(gen, reason);
                if (backoff != null) {
                    pause(gen, backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one engine until it ends: why it ended, or null when stop came first. */
    private String runOnce(int gen) throws InterruptedException {
        Properties properties = config.get();
        lastConfig = properties;
        forwarder.open(); // before the engine reads its offsets: a batch whose commit was under way is settled
        try {
            return run(gen, properties);
        } finally {
            forwarder.close();
        }
    }

    private String run(int gen, Properties properties) throws InterruptedException {
        CompletableFuture<String> ended = new CompletableFuture<>();
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine = DebeziumEngine.create(Connect.class)
                .using(properties)
                .notifying(forwarder)
                .using((success, message, error) -> {
                    String reason = FailureReason.of(message, error, properties);
                    if (error != null) {
                        log.error("engine {} stopped: {} ({})", name, reason, InfrastructureFailures.describe(error));
                    }
                    ended.complete(reason);
                })
                .build();
        Run run = new Run(engine, ended);
        synchronized (lock) {
            if (!active(gen)) {
                return null;
            }
            current = run;
            Thread.ofPlatform().name("engine-" + name + "-run").daemon(true).start(() -> {
                try {
                    engine.run();
                } catch (RuntimeException e) {
                    ended.complete(FailureReason.of(e, properties));
                } finally {
                    ended.complete("the engine stopped");
                }
            });
        }
        log.info("engine {} starting", name);
        try {
            if (!endsWithin(ended, settings.healthyAfter())) {
                recovered();
            }
            return ended.join();
        } finally {
            synchronized (lock) {
                if (current == run) {
                    current = null;
                }
            }
        }
    }

    /** Records a failed attempt: the back-off before the next one, or null when the engine was stopped meanwhile. */
    private Duration failed(int gen, String reason) {
        synchronized (lock) {
            if (!active(gen)) {
                return null;
            }
            Failing previous = failing;
            Instant now = Instant.now();
            Instant since = previous == null ? now : previous.since();
            int attempts = previous == null ? 1 : previous.attempts() + 1;
            boolean gaveUp = previous != null && previous.gaveUp()
                    || settings.givesUp(attempts, Duration.between(since, now));
            failing = new Failing(reason, attempts, since, gaveUp);
            Duration wait = settings.backoff().after(attempts);
            log.error("engine {} failed (attempt {}), restarting in {}: {}", name, attempts, wait, reason);
            if (gaveUp && (previous == null || !previous.gaveUp())) {
                log.error("engine {} has been failing since {}: liveness is broken, so that the application is "
                        + "restarted", name, since);
                liveness.gaveUp(name);
            }
            return wait;
        }
    }

    private void recovered() {
        Failing previous = endStreak();
        if (previous != null) {
            log.info("engine {} recovered after {} failed attempts", name, previous.attempts());
        }
    }

    /** Ends the failure streak, if any, and the liveness given up on it; the streak that ended. */
    private Failing endStreak() {
        synchronized (lock) {
            Failing previous = failing;
            failing = null;
            if (previous != null && previous.gaveUp()) {
                liveness.recovered(name);
            }
            return previous;
        }
    }

    private boolean active(int gen) {
        synchronized (lock) {
            return running && gen == generation;
        }
    }

    /** Waits, woken early by a stop. */
    private void pause(int gen, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (lock) {
            long left;
            while (running && gen == generation && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private static boolean endsWithin(CompletableFuture<?> ended, Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void stop() {
        Run run;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            run = current;
            lock.notifyAll();
        }
        if (run != null) {
            close(run);
        }
        endStreak(); // a stopped engine is not failing (the cutover ended, or the application stops)
    }

    /** Closes the engine, which commits its offsets; retried while Debezium refuses because its tasks are starting. */
    private void close(Run run) {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (!run.ended().isDone()) {
            try {
                run.engine().close();
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    log.warn("engine {} could not be closed: {}", name, e.getMessage());
                    return;
                }
                try {
                    endsWithin(run.ended(), CLOSE_RETRY);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (IOException e) {
                log.warn("engine {} did not close cleanly", name, e);
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Null while healthy; the last failure's reason otherwise. */
    public String failure() {
        Failing f = failing;
        return f == null ? null : f.reason();
    }

    /** Null while healthy; the current failure streak otherwise. */
    public Failing failing() {
        return failing;
    }

    public String name() {
        return name;
    }

    public KafkaForwarder forwarder() {
        return forwarder;
    }
}
