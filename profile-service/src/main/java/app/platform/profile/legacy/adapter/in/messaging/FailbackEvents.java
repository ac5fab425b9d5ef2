package app.platform.profile.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.profile.legacy.application.CarryBack;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Profile's events, and identity's address changes, carried back to the legacy database while the reverse stream
 * runs (the kit's {@code FailbackGate} starts and stops this listener): in order per user, a failed write retried
 * until it is applied.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class FailbackEvents {

    private final CarryBack carryBack;

    FailbackEvents(CarryBack carryBack) {
        this.carryBack = carryBack;
    }

    @KafkaListener(id = "profile-failback", groupId = "profile-failback", autoStartup = "false",
            containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER,
            topics = {Topics.PROFILE_USER, Topics.IDENTITY_USER})
    void on(String message) {
        carryBack.on(EventJson.read(message));
    }
}
