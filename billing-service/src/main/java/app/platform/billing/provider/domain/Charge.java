package app.platform.billing.provider.domain;

/** The provider's answer to a charge: its reference, and a failure code unless it succeeded. */
public record Charge(Outcome outcome, String providerRef, String failureCode) {

    public enum Outcome { SUCCEEDED, FAILED, REQUIRES_ACTION }

    public static Charge succeeded(String ref) {
        return new Charge(Outcome.SUCCEEDED, ref, null);
    }

    public static Charge failed(String ref, String code) {
        return new Charge(Outcome.FAILED, ref, code);
    }

    public static Charge requiresAction(String ref) {
        return new Charge(Outcome.REQUIRES_ACTION, ref, "authentication_required");
    }
}
