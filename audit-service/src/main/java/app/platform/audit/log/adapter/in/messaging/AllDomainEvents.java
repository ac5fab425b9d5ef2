package app.platform.audit.log.adapter.in.messaging;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.events.EventJson;
import app.platform.events.consumer.ReactiveIdempotentConsumer;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every event of every {@code <service>.<aggregate>.events} topic is audited exactly once. */
@Component
class AllDomainEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;

    AllDomainEvents(ReactiveIdempotentConsumer idempotent, AppendToAuditLog append) {
        this.idempotent = idempotent;
        this.append = append;
    }

    @KafkaListener(topicPattern = "[a-z]+\\.[a-z_]+\\.events")
    void on(String message) {
        idempotent.once(EventJson.read(message), append::append).block(Duration.ofSeconds(30));
    }
}
