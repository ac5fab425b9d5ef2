package app.platform.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.ArgumentMatchers;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

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

    static SourceRecord change(String topic, String op, String snapshot) {
        Schema value = SchemaBuilder.struct().name("envelope").field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();
        return new SourceRecord(Map.of(), Map.of(), topic, value,
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

    @Test
    void keptTopicsAreMarkedButNotSentAndTheSnapshotsEndIsToldOnceTheBatchIsDone() throws Exception {
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
        CompletableFuture<SendResult<String, String>> acknowledged = CompletableFuture.completedFuture(null);
        when(kafka.send(ArgumentMatchers.<ProducerRecord<String, String>>any())).thenReturn(acknowledged);
        List<String> marks = new ArrayList<>();
        KafkaForwarder forwarder = new KafkaForwarder(kafka, () -> marks.add("snapshot ended"),
                topic -> topic.equals("legacy.platform_cutover.debezium_signal"));

        // the signal table, snapshotted last, holds the snapshot's last record: it ends the snapshot all the same
        forwarder.handleBatch(List.of(new Event(change("legacy.public.users", "r", "true")),
                new Event(change("legacy.platform_cutover.debezium_signal", "r", "last"))), new Committer(marks));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<ProducerRecord<String, String>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(kafka).send(sent.capture());
        assertThat(sent.getAllValues()).extracting(ProducerRecord::topic).containsExactly("legacy.public.users");
        assertThat(marks).containsExactly("processed legacy.public.users", "processed legacy.platform_cutover.debezium_signal",
                "batch finished", "snapshot ended");
        assertThat(forwarder.forwarded()).isEqualTo(1);
        assertThat(forwarder.snapshotReads()).isEqualTo(1);

        marks.clear();
        forwarder.handleBatch(List.of(new Event(change("legacy.public.users", "r", "incremental"))), new Committer(marks));
        assertThat(marks).as("an incremental snapshot's reads end nothing")
                .containsExactly("processed legacy.public.users", "batch finished");
    }
}
