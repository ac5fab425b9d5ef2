package app.platform.legacy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An importer's ledger for Prometheus, as of its last count (every few seconds): {@code legacy_import_problems}, the
 * rows it could not import (parked or refused: they block the cutover's verification), and
 * {@code legacy_import_waiting}, the rows waiting for what they reference. Its consumer lag is Kafka's own consumer
 * metric ({@code kafka_consumer_fetch_manager_records_lag_max}, client id {@code consumer-legacy-<service>-import-*}).
 */
public final class LegacyLedgerMetrics implements MeterBinder {

    private final AtomicLong problems = new AtomicLong(-1);
    private final AtomicLong waiting = new AtomicLong(-1);

    /** The ledger's counts, as {@link ReactiveLegacyLedger#counts()} or {@link JdbcLegacyLedger#counts()} read them. */
    public void counted(LedgerCounts counts) {
        problems.set(counts.problems());
        waiting.set(counts.waiting());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("legacy.import.problems", problems, AtomicLong::get)
                .description("legacy rows the importer could not import (parked or refused); -1 before the first count")
                .register(registry);
        Gauge.builder("legacy.import.waiting", waiting, AtomicLong::get)
                .description("legacy rows waiting for the row they reference; -1 before the first count")
                .register(registry);
    }

    /** How many rows of the ledger could not be imported, and how many wait. */
    public record LedgerCounts(long problems, long waiting) {
    }
}
