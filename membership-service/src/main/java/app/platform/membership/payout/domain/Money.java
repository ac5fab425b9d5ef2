package app.platform.membership.payout.domain;

import app.platform.errors.InvalidInput;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** An amount paid out: positive, in an ISO 4217 currency (its code, as {@code EUR}). */
public record Money(BigDecimal amount, String currency) {

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    /** Names the field that breaks the rules ({@link InvalidInput}). */
    public Money {
        if (amount == null || amount.signum() <= 0) {
            throw new InvalidInput("amount", "must be positive");
        }
        if (currency == null || !CURRENCIES.contains(currency)) {
            throw new InvalidInput("currency", "must be an ISO 4217 currency code");
        }
    }
}
