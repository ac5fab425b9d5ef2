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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Sends each change record of a batch to its topic and marks it processed only once Kafka acknowledged it; then
 * finishes the batch. A failure throws before anything of the batch is marked, so the engine stops and the
 * records are delivered again after restart: at-least-once, never lost.
 */
public class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private final KafkaTemplate<String, String> kafka;
    private final JsonConverter json = new JsonConverter();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile long lastSourceMillis;

    public KafkaForwarder(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
        json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> batch,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>(batch.size());
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord r = event.value();
            if (r.topic() != null && r.value() != null) {
                acks.add(kafka.send(toProducerRecord(r)));
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a batch; it will be delivered again", e);
        }
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
            Long ts = event.value().timestamp();
            if (ts != null) {
                lastSourceMillis = ts;
            }
        }
        committer.markBatchFinished();
        forwarded.addAndGet(acks.size());
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

    public long forwarded() {
        return forwarded.get();
    }

    /** Source time of the last forwarded change, for lag. */
    public long lastSourceMillis() {
        return lastSourceMillis;
    }
}
