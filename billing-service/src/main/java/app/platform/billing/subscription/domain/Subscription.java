package app.platform.billing.subscription.domain;

import java.time.Instant;
import java.util.UUID;

/** A subscription to a plan; money in minor units of an ISO 4217 currency. */
public record Subscription(UUID id, UUID userId, String plan, long priceMinor, String currency, String interval,
                           String status, Instant currentPeriodEnd) {
}
