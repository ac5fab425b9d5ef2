package app.platform.billing.provider.domain;

/** What the provider tells of a tokenized card: never its number or CVC. */
public record Card(String brand, String last4, int expMonth, int expYear) {
}
