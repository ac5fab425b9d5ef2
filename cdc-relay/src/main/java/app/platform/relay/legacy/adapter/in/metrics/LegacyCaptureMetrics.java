package app.platform.relay.legacy.adapter.in.metrics;

import app.platform.relay.engine.KafkaForwarder;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacySlots;
import app.platform.relay.legacy.domain.SlotState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The legacy capture's metrics (Prometheus names in the README): its replication slot, read from the legacy
 * database every 15 s (a failed read is logged once, and the slot's gauges are NaN until a read succeeds), and its
 * engine's forwarding.
 */
public class LegacyCaptureMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(LegacyCaptureMetrics.class);

    private final LegacySlots slots;
    private final LegacyCaptureProperties capture;
    private final KafkaForwarder forwarder;
    /** The slot as last read; null while it cannot be read. */
    private volatile SlotState slot;
    private volatile boolean unreadable;

    public LegacyCaptureMetrics(LegacySlots slots, LegacyCaptureProperties capture, KafkaForwarder forwarder) {
        this.slots = slots;
        this.capture = capture;
        this.forwarder = forwarder;
    }

    @Scheduled(fixedDelay = 15, timeUnit = TimeUnit.SECONDS)
    public void readSlot() {
        try {
            slot = slots.read(capture);
            if (unreadable) {
                unreadable = false;
                log.info("the legacy replication slot {} can be read again", capture.slot());
            }
        } catch (RuntimeException e) {
            slot = null;
            if (!unreadable) {
                unreadable = true;
                log.warn("the legacy replication slot {} cannot be read; its metrics are NaN until it can: {}",
                        capture.slot(), e.getMessage());
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        slotGauge(registry, "legacy.slot.retained.wal.bytes", "WAL the legacy database keeps for the capture's slot",
                s -> bytes(s.retainedWalBytes()));
        slotGauge(registry, "legacy.slot.confirmed.lag.bytes", "WAL the capture has not confirmed yet",
                s -> bytes(s.confirmedLagBytes()));
        slotGauge(registry, "legacy.slot.active", "1 while a walsender streams the capture's slot",
                s -> s.active() ? 1.0 : 0.0);
        for (String status : SlotState.WAL_STATUSES) {
            Gauge.builder("legacy.slot.wal.status", this,
                            m -> m.slotValue(s -> status.equals(s.walStatus()) ? 1.0 : 0.0))
                    .tag("status", status).description("1 for the slot's wal_status").strongReference(true)
                    .register(registry);
        }
        Gauge.builder("legacy.capture.behind.source.ms", forwarder, f -> f.lastSourceMillis() == 0 ? Double.NaN
                        : System.currentTimeMillis() - f.lastSourceMillis())
                .description("time since the source time of the last change forwarded").strongReference(true)
                .register(registry);
        FunctionCounter.builder("legacy.capture.forwarded", forwarder, KafkaForwarder::forwarded)
                .description("records forwarded to Kafka and acknowledged (changes and heartbeats)").register(registry);
        FunctionCounter.builder("legacy.capture.snapshot.records", forwarder, KafkaForwarder::snapshotReads)
                .description("snapshot reads (op r) forwarded to Kafka and acknowledged").register(registry);
    }

    private void slotGauge(MeterRegistry registry, String name, String description, Function<SlotState, Double> value) {
        Gauge.builder(name, this, m -> m.slotValue(value)).description(description).strongReference(true)
                .register(registry);
    }

    private double slotValue(Function<SlotState, Double> value) {
        SlotState s = slot;
        return s == null ? Double.NaN : value.apply(s);
    }

    private static double bytes(Long bytes) {
        return bytes == null ? Double.NaN : bytes;
    }
}
