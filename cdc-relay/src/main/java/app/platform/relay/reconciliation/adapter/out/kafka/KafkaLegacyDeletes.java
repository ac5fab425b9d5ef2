package app.platform.relay.reconciliation.adapter.out.kafka;

import app.platform.relay.reconciliation.application.LegacyDeletes;
import app.platform.relay.reconciliation.domain.GhostDelete;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends the deletes with the relay's producer (the capture's: {@code acks=all}, idempotent, the same string
 * serializer and default partitioner, so that the key's bytes pick the row's partition as the capture's did), then
 * waits for every acknowledgement.
 */
@Component
class KafkaLegacyDeletes implements LegacyDeletes {

    private final KafkaTemplate<String, String> kafka;

    KafkaLegacyDeletes(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void publish(String topic, List<GhostDelete> deletes) {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>(deletes.size());
        for (GhostDelete delete : deletes) {
            acks.add(kafka.send(topic, delete.key(), delete.value()));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the deletes of ghost rows on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the deletes of ghost rows on " + topic + " were sent", e);
        }
    }
}
