package app.platform.profile.appuser.adapter.in.messaging;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.events.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.events.identity.UserUnbanned;
import app.platform.profile.appuser.application.CreateAppUser;
import app.platform.profile.appuser.application.FollowIdentityStatus;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes identity's user events; each applied once, in one transaction with its processed-event mark. */
@Component
class IdentityUserEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final CreateAppUser createAppUser;
    private final FollowIdentityStatus followStatus;

    IdentityUserEvents(ReactiveIdempotentConsumer idempotent, CreateAppUser createAppUser,
                       FollowIdentityStatus followStatus) {
        this.idempotent = idempotent;
        this.createAppUser = createAppUser;
        this.followStatus = followStatus;
    }

    @KafkaListener(topics = Topics.IDENTITY_USER)
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        switch (event.eventType()) {
            case UserRegistered.TYPE -> idempotent.once(event, createAppUser::on).block(Duration.ofSeconds(30));
            case UserEmailVerified.TYPE, UserBanned.TYPE, UserUnbanned.TYPE ->
                    idempotent.once(event, followStatus::on).block(Duration.ofSeconds(30));
            default -> {
                // other identity events change nothing here
            }
        }
    }
}
