package app.platform.testkit;

import app.platform.kafka.GroupLag;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** How far consumer groups are behind on a broker, read as an operator reads it (the admin API). */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /**
     * The groups that are behind on the topics matching {@code topics}, with by how many records. A group of
     * {@code required} must be stable with members (one rebalancing after a crash, or with nobody in it, is not caught
     * up: it is reported with its state and -1); every other stable group of the broker is counted too. A partition a
     * group has never committed is behind by all it holds.
     */
    public static Map<String, Long> behind(String bootstrapServers, Set<String> required, Pattern topics)
            throws Exception {
        Map<String, Long> behind = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> groups = new HashSet<>(required);
            admin.listConsumerGroups().all().get().forEach(g -> groups.add(g.groupId()));
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
            for (String group : groups) {
                ConsumerGroupDescription description = described.get(group);
                if (description.groupState() != GroupState.STABLE || description.members().isEmpty()) {
                    if (required.contains(group)) {
                        behind.put(group + " (" + description.groupState() + ")", -1L);
                    }
                    continue;
                }
                Set<TopicPartition> assigned = new HashSet<>();
                description.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                assigned.removeIf(tp -> !topics.matcher(tp.topic()).matches());
                long lag = lag(admin, bootstrapServers, group, assigned);
                if (lag > 0) {
                    behind.put(group, lag);
                }
            }
        }
        return behind;
    }

    /**
     * How many records of the topics matching {@code topics} the group has not committed, whether it has members or
     * not (a stopped service's backlog).
     */
    public static long backlog(String bootstrapServers, String group, Pattern topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> names = new HashSet<>(admin.listTopics().names().get());
            names.removeIf(t -> !topics.matcher(t).matches());
            Set<TopicPartition> partitions = new HashSet<>();
            admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            return lag(admin, bootstrapServers, group, partitions);
        }
    }

    /** The group's records not applied ({@link GroupLag}: a transaction's marker is not a record). */
    private static long lag(Admin admin, String bootstrapServers, String group, Set<TopicPartition> partitions)
            throws Exception {
        return GroupLag.behind(admin, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), group,
                partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
    }
}
