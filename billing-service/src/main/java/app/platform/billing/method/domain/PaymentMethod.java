package app.platform.billing.method.domain;

import app.platform.billing.provider.domain.Card;
import app.platform.errors.InvalidInput;
import java.time.Instant;
import java.util.UUID;

/** A member's card as the provider tokenized it: the token stays inside billing, the API shows brand, last 4, expiry. */
public record PaymentMethod(UUID id, UUID userId, String providerToken, String brand, String last4, int expMonth,
                            int expYear, boolean isDefault, Instant createdAt) {

    /** The longest provider token kept. */
    public static final int TOKEN_MAX = 128;

    /** A card added with its provider token ({@link #token}) and what the provider tells of it. */
    public static PaymentMethod of(UUID id, UUID userId, String token, Card card, boolean isDefault, Instant createdAt) {
        return new PaymentMethod(id, userId, token(token), card.brand(), card.last4(), card.expMonth(), card.expYear(),
                isDefault, createdAt);
    }

    /**
     * A provider token as a card is added with: given, stripped, at most {@link #TOKEN_MAX} characters, and never a
     * card number (refused unread, never echoed).
     */
    public static String token(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput("token", "a provider token is required");
        }
        if (CardNumbers.looksLikeOne(value)) {
            throw new InvalidInput("token",
                    "card numbers are never accepted; tokenize the card with the provider and send its token");
        }
        String token = value.strip();
        if (token.length() > TOKEN_MAX) {
            throw new InvalidInput("token", "at most " + TOKEN_MAX + " characters");
        }
        return token;
    }
}
