package app.platform.events.billing;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a subscription: keyed by the subscription id, on {@code billing.subscription.events}. */
public interface SubscriptionEvent extends DomainEvent {

    UUID subscriptionId();

    @Override
    default String aggregateType() {
        return "billing.subscription";
    }

    @Override
    default String aggregateId() {
        return subscriptionId().toString();
    }
}
