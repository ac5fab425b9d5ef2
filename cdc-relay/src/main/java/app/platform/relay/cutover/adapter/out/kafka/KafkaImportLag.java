package app.platform.relay.cutover.adapter.out.kafka;

import app.platform.kafka.GroupLag;
import app.platform.relay.cutover.application.ImportLag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The lag from Kafka's admin API: the legacy topics' last stable offsets against each group's committed offsets, a
 * gap of transaction markers only counting as none ({@link GroupLag}).
 */
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
            List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
            for (var group : topicsByGroup.entrySet()) {
                lag.put(group.getKey(), behind(admin, group.getKey(), group.getValue(), partitions));
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

    @Override
    public Map<String, Integer> consumers(Collection<String> groups) {
        Map<String, Integer> consumers = new LinkedHashMap<>();
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            var described = admin.describeConsumerGroups(groups).describedGroups();
            for (String group : groups) {
                try {
                    consumers.put(group, described.get(group).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).members().size());
                } catch (ExecutionException e) {
                    // a group that never committed nor joined does not exist: no consumer
                    boolean unknown = e.getCause() instanceof GroupIdNotFoundException;
                    if (!unknown) {
                        log.warn("consumer group {} could not be described: {}", group, e.getCause().toString());
                    }
                    consumers.put(group, unknown ? 0 : -1);
                } catch (TimeoutException e) {
                    log.warn("consumer group {} could not be described in time", group);
                    consumers.put(group, -1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        groups.forEach(group -> consumers.putIfAbsent(group, -1));
        return consumers;
    }

    /**
     * The group's records not applied on its topics and on any other legacy topic it committed on ({@link GroupLag}:
     * a transaction's marker is not a record); -1 when it cannot be read.
     */
    private long behind(Admin admin, String group, List<String> topics, List<TopicPartition> partitions)
            throws InterruptedException {
        try {
            Set<String> read = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).keySet().stream().map(TopicPartition::topic)
                    .collect(Collectors.toSet());
            List<TopicPartition> its = partitions.stream()
                    .filter(tp -> topics.contains(tp.topic()) || read.contains(tp.topic())).toList();
            return GroupLag.behind(admin, kafka.getConfigurationProperties(), group, its, TIMEOUT).values().stream()
                    .mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the lag of consumer group {} could not be read: {}", group, e.toString());
            return -1;
        }
    }
}
