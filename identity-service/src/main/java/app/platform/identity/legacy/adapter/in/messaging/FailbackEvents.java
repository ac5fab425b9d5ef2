package app.platform.identity.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.identity.legacy.application.CarryBack;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Identity's own events, carried back to the legacy database while the reverse stream runs (the kit's
 * {@code FailbackGate} starts and stops this listener): one at a time, in order per user, a failed write retried
 * until it is applied (a legacy database or broker down only delays it).
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class FailbackEvents {

    private final CarryBack carryBack;

    FailbackEvents(CarryBack carryBack) {
        this.carryBack = carryBack;
    }

    @KafkaListener(id = "identity-failback", groupId = "identity-failback", autoStartup = "false",
            containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER,
            topics = {Topics.IDENTITY_USER, Topics.IDENTITY_ORGANIZATION})
    void on(String message) {
        carryBack.on(EventJson.read(message));
    }
}
