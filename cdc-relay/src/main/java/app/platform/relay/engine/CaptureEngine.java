package app.platform.relay.engine;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One Debezium embedded engine, started with the application and closed (never interrupted) on shutdown, so its
 * last offsets are committed. A closed engine cannot restart; {@link #start()} always builds a new one.
 */
public class CaptureEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureEngine.class);

    private final String name;
    private final Properties config;
    private final KafkaForwarder forwarder;
    private final BooleanSupplier ready;
    private final ExecutorService executor;
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile boolean running;
    private volatile String failure;

    /** @param ready checked before the engine starts (for example: the captured tables exist); retried. */
    public CaptureEngine(String name, Properties config, KafkaForwarder forwarder, BooleanSupplier ready) {
        this.name = name;
        this.config = config;
        this.forwarder = forwarder;
        this.ready = ready;
        this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-" + name));
    }

    @Override
    public synchronized void start() {
        running = true;
        failure = null;
        executor.submit(this::run);
    }

    private void run() {
        try {
            while (running && !ready.getAsBoolean()) {
                Thread.sleep(1000); // polling for the captured tables to appear; nothing to wait on instead
            }
            if (!running) {
                return;
            }
            engine = DebeziumEngine.create(Connect.class)
                    .using(config)
                    .notifying(forwarder)
                    .using((success, message, error) -> {
                        if (!success) {
                            failure = message;
                            log.error("engine {} stopped: {}", name, message, error);
                        }
                    })
                    .build();
            log.info("engine {} starting", name);
            engine.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.getMessage();
            log.error("engine {} failed", name, e);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        var current = engine;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("engine {} did not close cleanly", name, e);
            }
        }
        executor.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Null while healthy; the reason otherwise. */
    public String failure() {
        return failure;
    }

    public String name() {
        return name;
    }

    public KafkaForwarder forwarder() {
        return forwarder;
    }
}
