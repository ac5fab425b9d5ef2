package app.platform.profile.appuser.adapter.in.messaging;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.events.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.UserRegistered;
import app.platform.profile.appuser.application.CreateAppUser;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes identity's user events; each applied once, in one transaction with its processed-event mark. */
@Component
class IdentityUserEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final CreateAppUser createAppUser;

    IdentityUserEvents(ReactiveIdempotentConsumer idempotent, CreateAppUser createAppUser) {
        this.idempotent = idempotent;
        this.createAppUser = createAppUser;
    }

    @KafkaListener(topics = Topics.IDENTITY_USER)
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        if (UserRegistered.TYPE.equals(event.eventType())) {
            idempotent.once(event, createAppUser::on).block(Duration.ofSeconds(30));
        }
    }
}
