package app.platform.billing.subscription.application;

import app.platform.billing.subscription.domain.Subscription;
import java.util.UUID;
import reactor.core.publisher.Flux;

/** The persistence port of subscriptions. */
public interface Subscriptions {

    Flux<Subscription> ofUser(UUID userId);
}
