package app.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A group's lag on a topic written in transactions (as cdc-relay writes): each transaction ends with a marker that
 * takes an offset no listener is given, so a group that applied everything is caught up although its committed
 * offset is short of the end; a committed record not applied is lag, an aborted one is not.
 */
@RealInfrastructure
class ConsumerLagIT {

    @Test
    void transactionMarkersAndAbortedRecordsAreNoLagACommittedRecordIs(KafkaBootstrap kafka) throws Exception {
        String topic = "lag." + UUID.randomUUID();
        String group = "lag-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers());
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-it-" + UUID.randomUUID()),
                     new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            producer.initTransactions();
            inTransaction(producer, topic, 3, true); // offsets 0-2, the marker at 3
            // the group applied all three and committed, as a listener does, the offset after the last record
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(3))).all().get();
            assertThat(ConsumerLag.backlog(kafka.servers(), group, Pattern.compile(Pattern.quote(topic))))
                    .as("only the marker is left: caught up").isZero();

            inTransaction(producer, topic, 2, false); // aborted: 4-5, its marker at 6
            assertThat(ConsumerLag.backlog(kafka.servers(), group, Pattern.compile(Pattern.quote(topic))))
                    .as("an aborted transaction is never given to a listener: still caught up").isZero();

            inTransaction(producer, topic, 2, true); // 7-8, the marker at 9
            assertThat(ConsumerLag.backlog(kafka.servers(), group, Pattern.compile(Pattern.quote(topic))))
                    .as("committed records not applied: behind by the gap").isEqualTo(7);
            assertThat(ConsumerLag.behind(kafka.servers(), Set.of(), Pattern.compile(Pattern.quote(topic))))
                    .as("a group without members is not among the stable groups behind").isEmpty();
        }
    }

    private static void inTransaction(KafkaProducer<String, String> producer, String topic, int records, boolean commit) {
        producer.beginTransaction();
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }
}
