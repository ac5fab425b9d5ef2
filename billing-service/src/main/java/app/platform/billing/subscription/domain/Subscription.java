package app.platform.billing.subscription.domain;

import java.time.Instant;
import java.util.UUID;

/** A subscription to a plan; money in minor units of an ISO 4217 currency. */
public record Subscription(UUID id, UUID userId, String plan, long priceMinor, String currency, String interval,
                           SubscriptionStatus status, Instant currentPeriodStart, Instant currentPeriodEnd,
                           boolean cancelAtPeriodEnd, String nextPlan, UUID paymentMethodId) {
}
