package app.platform.failback;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts the service's reverse-stream listeners (ids ending in {@value #SUFFIX}, {@code autoStartup=false}) while
 * the legacy database says the stream runs, and stops them when it stops: before the switch their events wait in
 * Kafka under the listener's group, and are all carried from the first when it starts.
 */
public class FailbackGate implements SmartLifecycle {

    /** The id suffix of a reverse-stream listener. */
    public static final String SUFFIX = "-failback";
    private static final Logger log = LoggerFactory.getLogger(FailbackGate.class);

    private final LegacyWriter writer;
    private final KafkaListenerEndpointRegistry listeners;
    private final FailbackSettings settings;
    private ScheduledExecutorService looks;
    private volatile Boolean streaming;

    public FailbackGate(LegacyWriter writer, KafkaListenerEndpointRegistry listeners, FailbackSettings settings) {
        this.writer = writer;
        this.listeners = listeners;
        this.settings = settings;
    }

    void look() {
        boolean now;
        try {
            now = writer.streaming();
        } catch (RuntimeException unreachable) {
            log.warn("failback: the legacy database did not say whether the reverse stream runs ({}); looking again",
                    unreachable.getMessage());
            return; // the listeners stay as they are: a running one retries its writes
        }
        if (!Boolean.valueOf(now).equals(streaming)) {
            streaming = now;
            log.info("failback: the reverse stream {}", now ? "runs: carrying the platform's events back" : "does not run");
        }
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            if (container.getListenerId() != null && container.getListenerId().endsWith(SUFFIX)
                    && container.isRunning() != now) {
                if (now) {
                    container.start();
                } else {
                    container.stop();
                }
            }
        }
    }

    /** Only in a service with a reverse-stream listener (the others have nothing to start). */
    @Override
    public void start() {
        if (listeners.getListenerContainers().stream().noneMatch(c -> c.getListenerId() != null
                && c.getListenerId().endsWith(SUFFIX))) {
            return;
        }
        looks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("failback-gate").daemon().factory());
        looks.scheduleWithFixedDelay(this::look, 0, settings.gate().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (looks != null) {
            looks.shutdownNow();
            looks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return looks != null;
    }
}
