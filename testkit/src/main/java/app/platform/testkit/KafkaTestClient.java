package app.platform.testkit;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends to and reads from the real test broker, as a peer service would. */
public final class KafkaTestClient implements AutoCloseable {

    private final String servers;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String servers) {
        this.servers = servers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Publishes an event the way cdc-relay does: keyed by aggregate id, the type in the {@code eventType} header. */
    public void publish(EventEnvelope event) {
        send(event.topic(), event.aggregateId(), EventJson.write(event), event.eventType());
    }

    public void send(String topic, String key, String value, String eventType) {
        var record = new ProducerRecord<>(topic, key, value);
        if (eventType != null) {
            record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the record", e);
        }
    }

    /** Reads the topics matching {@code topics} from the start until {@code done} holds for what was read. */
    public List<ConsumerRecord<String, String>> readUntil(Pattern topics,
                                                          Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", // as every service reads: no aborted record
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
            }
        }
        return seen;
    }

    @Override
    public void close() {
        producer.close();
    }
}
