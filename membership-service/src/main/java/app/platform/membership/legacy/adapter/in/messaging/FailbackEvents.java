package app.platform.membership.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import app.platform.membership.legacy.application.CarryBack;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Membership's events carried back to the legacy database while the reverse stream runs (the kit's
 * {@code FailbackGate} starts and stops this listener): in order per member (payouts and disputes per their own id),
 * a failed write retried until it is applied.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class FailbackEvents {

    private final CarryBack carryBack;

    FailbackEvents(CarryBack carryBack) {
        this.carryBack = carryBack;
    }

    @KafkaListener(id = "membership-failback", groupId = "membership-failback", autoStartup = "false",
            containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER,
            topics = {"membership.membership.events", "membership.queue.events", Topics.MEMBERSHIP_KYC,
                    Topics.MEMBERSHIP_PAYOUT, "membership.dispute.events"})
    void on(String message) {
        carryBack.on(EventJson.read(message));
    }
}
