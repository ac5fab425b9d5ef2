package app.platform.relay.cutover.adapter.out.kafka;

import app.platform.relay.cutover.application.ImportLag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** The lag from Kafka's admin API: the legacy topics' end offsets against each group's committed offsets. */
@Component
class KafkaImportLag implements ImportLag {

    private static final Logger log = LoggerFactory.getLogger(KafkaImportLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaAdmin kafka;

    KafkaImportLag(KafkaAdmin kafka) {
        this.kafka = kafka;
    }

    @Override
    public Map<String, Long> lag(Map<String, List<String>> topicsByGroup, String topicPrefix) {
        Map<String, Long> lag = new LinkedHashMap<>();
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> named = topicsByGroup.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            List<String> topics = existing.stream()
                    .filter(t -> named.contains(t) || topicPrefix != null && t.startsWith(topicPrefix + ".")).toList();
            var partitions = admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values().stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (var group : topicsByGroup.entrySet()) {
                lag.put(group.getKey(), behind(admin, group.getKey(), group.getValue(), ends));
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the legacy topics' offsets could not be read: {}", e.toString());
            topicsByGroup.keySet().forEach(g -> lag.put(g, -1L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            topicsByGroup.keySet().forEach(g -> lag.put(g, -1L));
        }
        return lag;
    }

    private static long behind(Admin admin, String group, List<String> topics, Map<TopicPartition, ListOffsetsResultInfo> ends)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> read = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
            long behind = 0;
            for (var end : ends.entrySet()) {
                if (topics.contains(end.getKey().topic()) || read.contains(end.getKey().topic())) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
                }
            }
            return behind;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the lag of consumer group {} could not be read: {}", group, e.toString());
            return -1;
        }
    }
}
