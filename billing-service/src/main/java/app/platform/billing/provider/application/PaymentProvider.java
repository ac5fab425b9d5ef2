package app.platform.billing.provider.application;

import app.platform.billing.payment.domain.Money;
import app.platform.billing.provider.domain.Card;
import app.platform.billing.provider.domain.Charge;
import reactor.core.publisher.Mono;

/**
 * The payment provider port. Cards are tokenized by the provider in the member's browser; billing only ever holds
 * the token. The same idempotency key always gives the same charge, so a retried call never charges twice.
 */
public interface PaymentProvider {

    /** The card behind a token; empty when the provider does not know the token. */
    Mono<Card> describe(String token);

    Mono<Charge> charge(String token, Money amount, String idempotencyKey);

    /** Refunds part of a captured charge; the provider's refund reference. */
    Mono<String> refund(String providerRef, Money amount);
}
