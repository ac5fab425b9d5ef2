package app.platform.membership.payout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void aPositiveAmountInAnIso4217CurrencyIsKeptAsGiven() {
        Money money = new Money(new BigDecimal("100.0000"), "EUR");
        assertThat(money.amount()).isEqualByComparingTo("100.00");
        assertThat(money.amount().scale()).isEqualTo(4);
        assertThat(money.currency()).isEqualTo("EUR");
    }

    @Test
    void aNonPositiveAmountIsRefused() {
        for (BigDecimal amount : new BigDecimal[] {BigDecimal.ZERO, new BigDecimal("-1.00"), null}) {
            assertThatThrownBy(() -> new Money(amount, "EUR")).as("amount %s", amount)
                    .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("amount"));
        }
    }

    @Test
    void aCurrencyThatIsNotAnIso4217CodeIsRefused() {
        for (String currency : new String[] {"eur", "EURO", "E1R", "", null}) {
            assertThatThrownBy(() -> new Money(BigDecimal.TEN, currency)).as("currency %s", currency)
                    .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("currency"));
        }
    }
}
