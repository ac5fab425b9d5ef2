package app.platform.billing.provider.domain;

import app.platform.errors.InvalidInput;
import java.util.Locale;

/**
 * What the provider tells of a tokenized card: never its number or CVC. The brand is kept in lower case (none:
 * {@code unknown}), the last 4 are 4 digits, the expiry a month and a four-digit year; {@link InvalidInput} names
 * what breaks that.
 */
public record Card(String brand, String last4, int expMonth, int expYear) {

    public Card {
        brand = brand == null || brand.isBlank() ? "unknown" : brand.strip().toLowerCase(Locale.ROOT);
        if (brand.length() > 32) {
            throw new InvalidInput("brand", "at most 32 characters");
        }
        if (last4 == null || !last4.matches("[0-9]{4}")) {
            throw new InvalidInput("last4", "the card's last 4 digits");
        }
        if (expMonth < 1 || expMonth > 12) {
            throw new InvalidInput("expMonth", "a month, 1 to 12");
        }
        if (expYear < 1000 || expYear > 9999) {
            throw new InvalidInput("expYear", "a year of four digits");
        }
    }
}
