package app.platform.billing.method.domain;

import java.time.Instant;
import java.util.UUID;

/** A member's card as the provider tokenized it: the token stays inside billing, the API shows brand, last 4, expiry. */
public record PaymentMethod(UUID id, UUID userId, String providerToken, String brand, String last4, int expMonth,
                            int expYear, boolean isDefault, Instant createdAt) {
}
