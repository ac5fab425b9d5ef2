package app.platform.billing.user.adapter.in.messaging;

import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.UserDeleted;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A deleted account is charged no more and keeps no cards (its payments and tax form stay: bookkeeping). */
@Component
class IdentityEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final Subscriptions subscriptions;
    private final PaymentMethods methods;

    IdentityEvents(ReactiveIdempotentConsumer idempotent, Subscriptions subscriptions, PaymentMethods methods) {
        this.idempotent = idempotent;
        this.subscriptions = subscriptions;
        this.methods = methods;
    }

    @KafkaListener(topics = Topics.IDENTITY_USER)
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        if (!UserDeleted.TYPE.equals(event.eventType())) {
            return;
        }
        EventMetadata metadata = EventMetadata.causedBy(event, "billing-service");
        Mono<?> work = idempotent.once(event, e -> {
            UserDeleted deleted = e.dataAs(UserDeleted.class);
            return subscriptions.cancelAll(deleted.userId(), metadata).then(methods.forget(deleted.userId()));
        });
        work.block(Duration.ofSeconds(30));
    }
}
