package app.platform.billing.payment.domain;

import java.math.BigDecimal;
import java.util.Currency;

/** An amount in minor units (cents) of an ISO 4217 currency: never a float, never negative. */
public record Money(long minor, String currency) {

    public Money {
        if (minor < 0) {
            throw new IllegalArgumentException("an amount is never negative");
        }
        currency = Currency.getInstance(currency).getCurrencyCode();
    }

    /**
     * The amount in major units, as events and the legacy app's tables carry it (1999 EUR minor units → 19.99): the
     * inverse of {@link #ofMajor}.
     */
    public BigDecimal decimal() {
        return BigDecimal.valueOf(minor, Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
    }

    public static BigDecimal decimal(long minor, String currency) {
        return new Money(minor, currency).decimal();
    }

    /**
     * An amount in major units (19.99 EUR → 1999): {@link IllegalArgumentException} for an unknown currency,
     * {@link ArithmeticException} for more decimals than the currency has.
     */
    public static Money ofMajor(BigDecimal amount, String currency) {
        String code = Currency.getInstance(currency).getCurrencyCode();
        int digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        return new Money(amount.movePointRight(digits).longValueExact(), code);
    }
}
