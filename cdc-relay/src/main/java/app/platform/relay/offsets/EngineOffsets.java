package app.platform.relay.offsets;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Where one engine's offsets live: a compacted topic of its own, named after its replication slot
 * ({@code relay.offsets.<slot>}), written only by its transactional producer ({@code cdc-relay.<slot>}) in the
 * transaction that publishes each batch. Kafka then holds a batch's records and the position after them, or neither:
 * a restart resumes exactly after the last published record, and an interrupted batch's records, aborted, are never
 * read by a {@code read_committed} consumer. Keys and values are encoded as Debezium's offset writer encodes them
 * (JSON without schemas, the key {@code [engine, partition]}), so the engine finds them as its own.
 */
public final class EngineOffsets {

    private final String engine;
    private final String slot;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    public EngineOffsets(String engine, String slot) {
        this.engine = engine;
        this.slot = slot;
        Map<String, String> schemaless = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        keys.configure(schemaless, true);
        values.configure(schemaless, false);
    }

    public String engine() {
        return engine;
    }

    /** The topic holding the offsets. */
    public String topic() {
        return "relay.offsets." + slot;
    }

    /** The producer's transactional id: a restarted relay fences the one it replaces. */
    public String transactionalId() {
        return "cdc-relay." + slot;
    }

    /** The record storing a source partition's offset. */
    public ProducerRecord<String, String> record(Map<String, ?> partition, Map<String, ?> offset) {
        return new ProducerRecord<>(topic(), key(partition), value(offset));
    }

    String key(Map<String, ?> partition) {
        return new String(keys.fromConnectData(engine, null, Arrays.asList(engine, partition)), UTF_8);
    }

    String value(Map<String, ?> offset) {
        return new String(values.fromConnectData(engine, null, offset), UTF_8);
    }
}
