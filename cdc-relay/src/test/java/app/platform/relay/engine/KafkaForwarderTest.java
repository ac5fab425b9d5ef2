package app.platform.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import app.platform.relay.offsets.EngineOffsets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.Test;

class KafkaForwarderTest {

    static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("snapshot", SchemaBuilder.string().optional().build()).build();
    static final Schema SOURCE_WITHOUT_SNAPSHOT = SchemaBuilder.struct().name("bare")
            .field("ts_ms", Schema.INT64_SCHEMA).build();

    record Event(SourceRecord value) implements ChangeEvent<SourceRecord, SourceRecord> {
        @Override
        public SourceRecord key() {
            return null;
        }

        @Override
        public String destination() {
            return value.topic();
        }

        @Override
        public Integer partition() {
            return null;
        }
    }

    /** Records what was marked, in order. */
    static final class Committer implements DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> {
        final List<String> marks;

        Committer(List<String> marks) {
            this.marks = marks;
        }

        @Override
        public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record) {
            marks.add("processed " + record.value().topic());
        }

        @Override
        public void markBatchFinished() {
            marks.add("batch finished");
        }

        @Override
        public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record, DebeziumEngine.Offsets offsets) {
            markProcessed(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            return null;
        }
    }

    /** Each change's position: one more than the one before. */
    static int lsn;

    static SourceRecord change(String topic, String op, String snapshot) {
        Schema value = SchemaBuilder.struct().name("envelope").field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();
        return new SourceRecord(Map.of("server", "legacy"), Map.of("lsn", ++lsn), topic, value,
                new Struct(value).put("op", op).put("source", new Struct(SOURCE).put("snapshot", snapshot)));
    }

    @Test
    void onlyTheLastRecordOfASnapshotEndsIt() {
        assertThat(KafkaForwarder.endsSnapshot(change("t", "r", "last"))).isTrue();
        for (String other : new String[] {"true", "first", "first_in_data_collection", "last_in_data_collection", "false",
                "incremental", null}) {
            assertThat(KafkaForwarder.endsSnapshot(change("t", "r", other))).as(other).isFalse();
        }
        Schema bare = SchemaBuilder.struct().name("envelope").field("op", Schema.STRING_SCHEMA)
                .field("source", SOURCE_WITHOUT_SNAPSHOT).build();
        assertThat(KafkaForwarder.endsSnapshot(new SourceRecord(Map.of(), Map.of(), "t", bare,
                new Struct(bare).put("op", "c").put("source", new Struct(SOURCE_WITHOUT_SNAPSHOT).put("ts_ms", 1L)))))
                .as("no snapshot field").isFalse();
        Schema heartbeat = SchemaBuilder.struct().name("heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
        assertThat(KafkaForwarder.endsSnapshot(new SourceRecord(Map.of(), Map.of(), "hb", heartbeat,
                new Struct(heartbeat).put("ts_ms", 1L)))).as("not a change").isFalse();
        assertThat(KafkaForwarder.endsSnapshot(new SourceRecord(Map.of(), Map.of(), "t", null, null))).isFalse();
    }

    /** Makes mock producers that fail their commit while {@code failing} holds, and keeps each one made. */
    static final class Producers {
        final List<MockProducer<String, String>> made = new ArrayList<>();
        boolean failing;

        MockProducer<String, String> make(String transactionalId) {
            MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new StringSerializer());
            if (failing) {
                producer.commitTransactionException = new KafkaException("the broker went away");
            }
            made.add(producer);
            return producer;
        }
    }

    static final EngineOffsets OFFSETS = new EngineOffsets("legacy-capture", "legacy_capture");

    @Test
    void keptTopicsAreMarkedButNotSentAndTheSnapshotsEndIsToldOnceTheBatchIsDone() throws Exception {
        Producers producers = new Producers();
        List<String> marks = new ArrayList<>();
        KafkaForwarder forwarder = new KafkaForwarder(producers::make, OFFSETS, () -> marks.add("snapshot ended"),
                topic -> topic.equals("legacy.platform_cutover.debezium_signal"));

        // the signal table, snapshotted last, holds the snapshot's last record: it ends the snapshot all the same
        SourceRecord signal = change("legacy.platform_cutover.debezium_signal", "r", "last");
        forwarder.handleBatch(List.of(new Event(change("legacy.public.users", "r", "true")), new Event(signal)),
                new Committer(marks));

        MockProducer<String, String> producer = producers.made.getFirst();
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .as("the change, then the offset after the batch's last record (the kept one)")
                .containsExactly("legacy.public.users", "relay.offsets.legacy_capture");
        ProducerRecord<String, String> position = OFFSETS.record(signal.sourcePartition(), signal.sourceOffset());
        assertThat(producer.history().getLast()).extracting(ProducerRecord::key, ProducerRecord::value)
                .containsExactly(position.key(), position.value());
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(marks).containsExactly("processed legacy.public.users", "processed legacy.platform_cutover.debezium_signal",
                "batch finished", "snapshot ended");
        assertThat(forwarder.forwarded()).isEqualTo(1);
        assertThat(forwarder.snapshotReads()).isEqualTo(1);

        marks.clear();
        forwarder.handleBatch(List.of(new Event(change("legacy.public.users", "r", "incremental"))), new Committer(marks));
        assertThat(marks).as("an incremental snapshot's reads end nothing")
                .containsExactly("processed legacy.public.users", "batch finished");
        assertThat(producers.made).as("one producer for every batch while nothing fails").hasSize(1);
    }

    @Test
    void aBatchKafkaDidNotCommitIsNeitherMarkedNorCountedAndTheNextBatchHasANewProducer() throws Exception {
        Producers producers = new Producers();
        producers.failing = true;
        List<String> marks = new ArrayList<>();
        KafkaForwarder forwarder = new KafkaForwarder(producers::make, OFFSETS, () -> marks.add("snapshot ended"),
                topic -> false);
        List<ChangeEvent<SourceRecord, SourceRecord>> batch = List.of(new Event(change("legacy.public.users", "c", null)));

        assertThatThrownBy(() -> forwarder.handleBatch(batch, new Committer(marks)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("published again");
        assertThat(marks).as("nothing of the batch is marked").isEmpty();
        assertThat(forwarder.forwarded()).isZero();
        assertThat(producers.made.getFirst().transactionAborted()).as("its transaction aborted").isTrue();
        assertThat(producers.made.getFirst().closed()).as("the failed producer is closed").isTrue();

        producers.failing = false;
        forwarder.handleBatch(batch, new Committer(marks));
        assertThat(producers.made).hasSize(2);
        assertThat(producers.made.getLast().transactionCommitted()).isTrue();
        assertThat(marks).containsExactly("processed legacy.public.users", "batch finished");
        assertThat(forwarder.forwarded()).isEqualTo(1);

        forwarder.close();
        assertThat(producers.made.getLast().closed()).isTrue();
    }

    @Test
    void aBatchInterruptedByTheEnginesCloseIsAbortedAndTheInterruptGivenBack() {
        Producers producers = new Producers();
        List<String> marks = new ArrayList<>();
        KafkaForwarder forwarder = new KafkaForwarder(producers::make, OFFSETS, () -> { }, topic -> false);
        forwarder.open();
        // what Kafka's client does when its thread is interrupted in a call: it throws, the flag set again
        producers.made.getFirst().commitTransactionException = new InterruptException("the engine closes");

        assertThatThrownBy(() -> forwarder.handleBatch(
                List.of(new Event(change("legacy.public.users", "c", null))), new Committer(marks)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Thread.interrupted()).as("the interrupt is given back (and cleared here)").isTrue();
        assertThat(producers.made.getFirst().transactionAborted()).as("aborted, the flag cleared for it").isTrue();
        assertThat(producers.made.getFirst().closed()).isTrue();
        assertThat(marks).isEmpty();
    }

    @Test
    void eachOpenStartsANewProducerThatSettlesWhatTheLastOneLeftOpen() {
        Producers producers = new Producers();
        KafkaForwarder forwarder = new KafkaForwarder(producers::make, OFFSETS, () -> { }, topic -> false);
        forwarder.open();
        forwarder.open();
        assertThat(producers.made).hasSize(2);
        assertThat(producers.made.getFirst().closed()).isTrue();
        assertThat(producers.made.getLast().transactionInitialized()).isTrue();
        forwarder.close();
        assertThat(producers.made.getLast().closed()).isTrue();
    }

    /** Exposes what Kafka Connect's offset writer stored. */
    static final class Stored extends MemoryOffsetBackingStore {
        Map<ByteBuffer, ByteBuffer> data() {
            return data;
        }

        @Override
        public java.util.Set<Map<String, Object>> connectorPartitions(String connectorName) {
            return java.util.Set.of();
        }
    }

    @Test
    void theOffsetRecordIsWhatDebeziumsOffsetWriterStoresSoTheEngineFindsItAsItsOwn() throws Exception {
        Map<String, Object> partition = Map.of("server", "legacy");
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn_proc", 123456789L);
        offset.put("lsn_commit", 123456700L);
        offset.put("lsn", 123456789L);
        offset.put("txId", 4711L);
        offset.put("ts_usec", 1700000000000000L);

        // the engine's writer: JSON without schemas, the key [engine, partition], as Debezium configures it
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "false"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "false"), false);
        Stored store = new Stored();
        store.start();
        try {
            OffsetStorageWriter writer = new OffsetStorageWriter(store, "legacy-capture", keys, values);
            writer.offset(partition, offset);
            assertThat(writer.beginFlush()).isTrue();
            writer.doFlush((error, result) -> { }).get();
        } finally {
            store.stop();
        }

        ProducerRecord<String, String> record = OFFSETS.record(partition, offset);
        assertThat(store.data()).containsExactly(Map.entry(ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(record.value().getBytes(StandardCharsets.UTF_8))));
    }
}
