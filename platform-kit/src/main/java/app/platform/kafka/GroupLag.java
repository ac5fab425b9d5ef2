package app.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind on some partitions, as its {@code read_committed} listeners are: per partition,
 * the offsets between what the group committed (or the partition's start, if it never did) and the last stable
 * offset. A transaction's end is a marker that takes an offset no listener is given, so a group that applied
 * everything can be an offset or more short of the end; a partition whose gap holds no record a listener would get
 * (only markers, or records of aborted transactions) is caught up: 0. Whether it holds one is read, not guessed: a
 * {@code read_committed} consumer of no group reads the gap until its first record, within the time given (a
 * partition not read through in time keeps its gap).
 */
public final class GroupLag {

    private GroupLag() {
    }

    /**
     * @param clients the settings of a client of the broker (its address, its login): the admin's, for the reader too
     */
    public static Map<TopicPartition, Long> behind(Admin admin, Map<String, Object> clients, String group,
                                                   Collection<TopicPartition> partitions, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long millis = timeout.toMillis();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(millis, TimeUnit.MILLISECONDS);
        var starts = admin.listOffsets(earliest).all().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> gap = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            long start = at == null ? starts.get(tp).offset() : Math.max(at.offset(), starts.get(tp).offset());
            from.put(tp, start);
            gap.put(tp, Math.max(0, ends.get(tp).offset() - start));
        }
        Set<TopicPartition> open = new HashSet<>(partitions);
        open.removeIf(tp -> gap.get(tp) == 0);
        if (!open.isEmpty()) {
            emptyOfRecords(clients, open, from, ends, timeout).forEach(tp -> gap.put(tp, 0L));
        }
        return gap;
    }

    /** The partitions whose range [from, end) holds no record a {@code read_committed} consumer is given. */
    private static Set<TopicPartition> emptyOfRecords(Map<String, Object> clients, Set<TopicPartition> partitions,
                                                      Map<TopicPartition, Long> from,
                                                      Map<TopicPartition, ListOffsetsResultInfo> ends,
                                                      Duration timeout) {
        Map<String, Object> props = new HashMap<>(clients);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        Set<TopicPartition> empty = new HashSet<>();
        Set<TopicPartition> open = new HashSet<>(partitions);
        try (var reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(open);
            open.forEach(tp -> reader.seek(tp, from.get(tp)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < ends.get(tp).offset() && open.remove(tp)) {
                        reader.pause(Set.of(tp)); // a record in the gap: behind, by the gap
                    }
                }
                for (TopicPartition tp : Set.copyOf(open)) {
                    if (reader.position(tp) >= ends.get(tp).offset()) {
                        open.remove(tp);
                        empty.add(tp);
                    }
                }
            }
        }
        return empty;
    }
}
