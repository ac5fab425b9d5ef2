package app.platform.relay.engine;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The engines' Kafka clients, configured as every other client of the relay ({@code spring.kafka.*}, and so
 * platform-kit's authentication): each engine's transactional producer, and what its offset store reads with.
 */
@Component
public class EngineKafka {

    private final KafkaProperties kafka;

    public EngineKafka(KafkaProperties kafka) {
        this.kafka = kafka;
    }

    /** A transactional producer (idempotent, {@code acks=all}) with this transactional id. */
    public Producer<String, String> transactional(String transactionalId) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** What a client needs to reach the broker and log in (the admin client's settings: no producer or consumer's). */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new HashMap<>();
        kafka.buildAdminProperties().forEach((key, value) -> {
            if (value != null && !key.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
                props.put(key, value instanceof java.util.List<?> list ? String.join(",",
                        list.stream().map(Object::toString).toList()) : value.toString());
            }
        });
        return props;
    }
}
