package app.platform.billing.payment.domain;

/** The provider did not take the money: 402 with the provider's code (card_declined, insufficient_funds...). */
public class ChargeDeclined extends RuntimeException {

    private final String code;

    public ChargeDeclined(String code) {
        super("the payment was not accepted: " + code);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
