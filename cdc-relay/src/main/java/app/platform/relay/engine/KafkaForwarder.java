package app.platform.relay.engine;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import app.platform.relay.offsets.EngineOffsets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each batch in one Kafka transaction: its records, then the engine's offset after the last of them
 * ({@link EngineOffsets}); only once the transaction is committed is each record marked processed and the batch
 * finished. A failure throws before anything of the batch is marked: the transaction is aborted (or, when that
 * cannot be done, settled by the next producer's start, which also fences one left behind), the engine stops, and its
 * next run, which starts a new producer ({@link #open()}) before it reads its offsets, publishes the batch again from
 * the offset committed with the one before. So every record reaches its topic once for a {@code read_committed}
 * consumer, whatever stops the relay (but an initial snapshot cut off, which Debezium takes again from its start), and
 * nothing is lost. Records of the topics it is told to
 * keep (heartbeats, the legacy capture's signal table) are marked processed without being sent; their offsets are
 * stored all the same. Once a batch holding the last record of a snapshot ({@code source.snapshot} {@code last}: the
 * end of an initial or blocking snapshot, never of an incremental one) is committed, it says so
 * ({@code snapshotEnded}).
 */
public class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(KafkaForwarder.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Function<String, Producer<String, String>> producers;
    private final EngineOffsets offsets;
    private final Runnable snapshotEnded;
    private final Predicate<String> kept;
    private final JsonConverter json = new JsonConverter();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong snapshotReads = new AtomicLong();
    private volatile long lastSourceMillis;
    /** The transactional producer of the engine's run; dropped after a failure. Guarded by {@code this}. */
    private Producer<String, String> producer;

    /**
     * @param producers     makes a transactional producer with the given transactional id
     * @param offsets       the engine's offsets: their topic and the producer's transactional id
     * @param snapshotEnded run (on the engine's thread: it must return at once) after the batch that ended a snapshot
     *                      was committed
     * @param kept          the topics whose records are never sent
     */
    public KafkaForwarder(Function<String, Producer<String, String>> producers, EngineOffsets offsets,
                          Runnable snapshotEnded, Predicate<String> kept) {
        this.producers = producers;
        this.offsets = offsets;
        this.snapshotEnded = snapshotEnded;
        this.kept = kept;
        json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    }

    @Override
    public synchronized void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> batch,
                                         DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        int sent = publish(batch);
        long reads = 0;
        boolean snapshotEnd = false;
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
            SourceRecord r = event.value();
            snapshotEnd |= endsSnapshot(r);
            Struct change = change(r);
            Long ts = r.timestamp() != null ? r.timestamp() : sourceMillis(change);
            if (ts != null) {
                lastSourceMillis = ts;
            }
            if (change != null && sent(r) && "r".equals(change.getString("op"))) {
                reads++;
            }
        }
        committer.markBatchFinished();
        forwarded.addAndGet(sent);
        snapshotReads.addAndGet(reads);
        if (snapshotEnd) {
            try {
                snapshotEnded.run();
            } catch (RuntimeException e) {
                log.warn("what follows the end of the snapshot failed to start", e);
            }
        }
    }

    /** Sends the batch and its offsets in one transaction and commits it: the records sent. */
    private int publish(List<ChangeEvent<SourceRecord, SourceRecord>> batch) {
        Map<Map<String, ?>, Map<String, ?>> positions = new LinkedHashMap<>();
        if (producer == null) {
            open();
        }
        boolean begun = false;
        try {
            producer.beginTransaction();
            begun = true;
            int sent = 0;
            for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
                SourceRecord r = event.value();
                if (sent(r)) {
                    producer.send(toProducerRecord(r));
                    sent++;
                }
                if (r.sourcePartition() != null && r.sourceOffset() != null) {
                    positions.put(r.sourcePartition(), r.sourceOffset());
                }
            }
            positions.forEach((partition, offset) -> producer.send(offsets.record(partition, offset)));
            producer.commitTransaction();
            return sent;
        } catch (RuntimeException e) {
            // an engine's close interrupts the batch in flight: the transaction is aborted with the flag cleared (so
            // that no reader waits for it), and the interrupt given back
            boolean interrupted = Thread.interrupted();
            if (begun) {
                abort();
            }
            close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka did not take a batch; it will be published again", e);
        }
    }

    /**
     * Starts the engine's producer (a new one, the last one closed): its start settles the transaction a producer
     * before it left open (committed if its commit had begun, else aborted) and fences that producer. Run before
     * each run of the engine reads its offsets, so that they include a batch whose commit was under way.
     *
     * @throws RuntimeException when Kafka cannot be reached in time (the run's attempt fails)
     */
    public synchronized void open() {
        close();
        Producer<String, String> started = producers.apply(offsets.transactionalId());
        try {
            started.initTransactions();
        } catch (RuntimeException e) {
            started.close(Duration.ZERO);
            throw e;
        }
        producer = started;
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.debug("the batch's transaction could not be aborted: the next producer's start settles it", e);
        }
    }

    /** Closes the producer, if any; a transaction left open is settled by the next producer's start. */
    public synchronized void close() {
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("the engine's producer did not close cleanly", e);
            }
            producer = null;
        }
    }

    /** Whether the record is sent: it has a topic, one not kept, and a value. */
    private boolean sent(SourceRecord r) {
        return r.topic() != null && r.value() != null && !kept.test(r.topic());
    }

    /**
     * Whether the record is the last one of a snapshot: its {@code source.snapshot} is {@code last} (Debezium 3 writes
     * {@code true}, {@code first}, {@code first_in_data_collection}, {@code last_in_data_collection}, {@code last},
     * {@code false} or {@code incremental}; a streamed change may have none), looked at without assuming any field.
     */
    static boolean endsSnapshot(SourceRecord r) {
        Struct change = r == null ? null : change(r);
        if (change == null) {
            return false;
        }
        Object source = change.get("source");
        if (!(source instanceof Struct struct)) {
            return false;
        }
        org.apache.kafka.connect.data.Field snapshot = struct.schema().field("snapshot");
        return snapshot != null && "last".equals(struct.get(snapshot));
    }

    /** The record's value if it is a Debezium change ({@code op}, {@code source}, ...); null otherwise (a heartbeat). */
    private static Struct change(SourceRecord r) {
        return r.value() instanceof Struct value && value.schema().field("op") != null
                && value.schema().field("source") != null ? value : null;
    }

    /** The change's {@code source.ts_ms}: when the source database made it (or, in a snapshot, read it). */
    private static Long sourceMillis(Struct change) {
        if (change == null) {
            return null;
        }
        Struct source = change.getStruct("source");
        return source != null && source.schema().field("ts_ms") != null ? source.getInt64("ts_ms") : null;
    }

    ProducerRecord<String, String> toProducerRecord(SourceRecord r) {
        var record = new ProducerRecord<>(r.topic(), null, text(r.topic(), r.keySchema(), r.key()),
                text(r.topic(), r.valueSchema(), r.value()));
        r.headers().forEach(h -> {
            if (h.value() != null) {
                record.headers().add(new RecordHeader(h.key(), h.value().toString().getBytes(StandardCharsets.UTF_8)));
            }
        });
        return record;
    }

    private String text(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        return new String(json.fromConnectData(topic, schema, value), StandardCharsets.UTF_8);
    }

    /** Records forwarded and committed: changes, and the heartbeats of an engine that has them. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Snapshot reads ({@code op=r}) forwarded and committed. */
    public long snapshotReads() {
        return snapshotReads.get();
    }

    /**
     * Source time of the last forwarded change (the record's timestamp, which the outbox router sets, else its
     * {@code source.ts_ms}), for lag; 0 before the first.
     */
    public long lastSourceMillis() {
        return lastSourceMillis;
    }
}
