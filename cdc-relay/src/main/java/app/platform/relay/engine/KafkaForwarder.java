package app.platform.relay.engine;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Sends each change record of a batch to its topic and marks it processed only once Kafka acknowledged it; then
 * finishes the batch. A failure throws before anything of the batch is marked, so the engine stops and the
 * records are delivered again after restart: at-least-once, never lost. Records of the topics it is told to keep
 * (the legacy capture's signal table) are marked processed without being sent. Once a batch holding the last record
 * of a snapshot ({@code source.snapshot} {@code last}: the end of an initial or blocking snapshot, never of an
 * incremental one) is acknowledged, it says so ({@code snapshotEnded}).
 */
public class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(KafkaForwarder.class);

    private final KafkaTemplate<String, String> kafka;
    private final Runnable snapshotEnded;
    private final Predicate<String> kept;
    private final JsonConverter json = new JsonConverter();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong snapshotReads = new AtomicLong();
    private volatile long lastSourceMillis;

    /**
     * @param snapshotEnded run (on the engine's thread: it must return at once) after the batch that ended a snapshot
     *                      was acknowledged
     * @param kept          the topics whose records are never sent
     */
    public KafkaForwarder(KafkaTemplate<String, String> kafka, Runnable snapshotEnded, Predicate<String> kept) {
        this.kafka = kafka;
        this.snapshotEnded = snapshotEnded;
        this.kept = kept;
        json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> batch,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>(batch.size());
        boolean snapshotEnd = false;
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord r = event.value();
            snapshotEnd |= endsSnapshot(r);
            if (sent(r)) {
                acks.add(kafka.send(toProducerRecord(r)));
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a batch; it will be delivered again", e);
        }
        long reads = 0;
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
            SourceRecord r = event.value();
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
        forwarded.addAndGet(acks.size());
        snapshotReads.addAndGet(reads);
        if (snapshotEnd) {
            try {
                snapshotEnded.run();
            } catch (RuntimeException e) {
                log.warn("what follows the end of the snapshot failed to start", e);
            }
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

    /** Records forwarded and acknowledged: changes, and the heartbeats of an engine that has them. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Snapshot reads ({@code op=r}) forwarded and acknowledged. */
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
