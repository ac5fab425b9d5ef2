package app.platform.billing.legacy.adapter.in.messaging;

import app.platform.billing.legacy.application.CarryBack;
import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.events.EventJson;
import app.platform.events.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Billing's events, every topic of them, carried back to the legacy database while the reverse stream runs (the kit's
 * {@code FailbackGate} starts and stops this listener): one at a time, in order per subscription, payment or card, a
 * failed write retried until it is applied. The platform-only ones are recorded as not carried, with why.
 */
@Component
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
class FailbackEvents {

    private final CarryBack carryBack;

    FailbackEvents(CarryBack carryBack) {
        this.carryBack = carryBack;
    }

    @KafkaListener(id = "billing-failback", groupId = "billing-failback", autoStartup = "false",
            containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER,
            topics = {Topics.BILLING_SUBSCRIPTION, Topics.BILLING_PAYMENT, "billing.payment_method.events",
                    "billing.agreement.events", "billing.tax_form.events", "billing.monitoring.events",
                    "billing.webhook.events"})
    void on(String message) {
        carryBack.on(EventJson.read(message));
    }
}
