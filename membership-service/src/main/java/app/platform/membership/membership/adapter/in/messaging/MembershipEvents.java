package app.platform.membership.membership.adapter.in.messaging;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.Topics;
import app.platform.events.billing.PaymentFailed;
import app.platform.events.billing.PaymentSucceeded;
import app.platform.events.billing.SubscriptionCancelled;
import app.platform.events.billing.SubscriptionStarted;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserUnbanned;
import app.platform.membership.membership.application.MembershipLifecycle;
import java.time.Duration;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Billing's subscription and payment events and identity's bans drive memberships; each event applied once. */
@Component
class MembershipEvents {

    private final ReactiveIdempotentConsumer idempotent;
    private final MembershipLifecycle lifecycle;

    MembershipEvents(ReactiveIdempotentConsumer idempotent, MembershipLifecycle lifecycle) {
        this.idempotent = idempotent;
        this.lifecycle = lifecycle;
    }

    @KafkaListener(topics = {Topics.BILLING_SUBSCRIPTION, Topics.BILLING_PAYMENT, Topics.IDENTITY_USER})
    void on(String message) {
        EventEnvelope event = EventJson.read(message);
        EventMetadata metadata = EventMetadata.causedBy(event, "membership-service");
        Mono<?> work = switch (event.eventType()) {
            case SubscriptionStarted.TYPE -> idempotent.once(event, e -> lifecycle.subscriptionStarted(
                    e.dataAs(SubscriptionStarted.class), metadata));
            case PaymentSucceeded.TYPE -> idempotent.once(event, e -> lifecycle.paymentSucceeded(
                    e.dataAs(PaymentSucceeded.class), metadata));
            case PaymentFailed.TYPE -> idempotent.once(event, e -> lifecycle.paymentFailed(e.dataAs(PaymentFailed.class)));
            case SubscriptionCancelled.TYPE -> idempotent.once(event, e -> lifecycle.subscriptionCancelled(
                    e.dataAs(SubscriptionCancelled.class), metadata));
            case UserBanned.TYPE -> idempotent.once(event, e -> lifecycle.banned(UUID.fromString(e.aggregateId()), metadata));
            case UserUnbanned.TYPE -> idempotent.once(event, e -> lifecycle.unbanned(UUID.fromString(e.aggregateId()), metadata));
            default -> Mono.empty(); // other events change nothing here
        };
        work.block(Duration.ofSeconds(30));
    }
}
