package app.platform.billing.provider.adapter.out.sandbox;

import app.platform.billing.payment.domain.Money;
import app.platform.billing.provider.application.PaymentProvider;
import app.platform.billing.provider.domain.Card;
import app.platform.billing.provider.domain.Charge;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import app.platform.runtime.DevelopmentSecrets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The default provider: deterministic test cards named by Stripe's test tokens. {@code tok_visa} and
 * {@code tok_mastercard} succeed, {@code tok_chargeDeclined} is declined, {@code tok_chargeDeclinedInsufficientFunds}
 * lacks funds, {@code tok_threeDSecureRequired} needs the member's action (settled later by a webhook).
 * Charges are remembered by idempotency key for the life of the process, as a real provider would. Its cards pay
 * without money, so outside the {@code local} profile it refuses to start unless {@code billing.sandbox-allowed}
 * ({@code BILLING_SANDBOX_ALLOWED}) says so: a staging deployment's choice, never a production default.
 */
@Component
@ConditionalOnProperty(name = "billing.provider", havingValue = "sandbox", matchIfMissing = true)
class SandboxPaymentProvider implements PaymentProvider {

    private record TestCard(Card card, Charge.Outcome outcome, String failure) {
    }

    private static final Map<String, TestCard> CARDS = Map.of(
            "tok_visa", new TestCard(new Card("visa", "4242", 12, 2034), Charge.Outcome.SUCCEEDED, null),
            "tok_mastercard", new TestCard(new Card("mastercard", "4444", 12, 2034), Charge.Outcome.SUCCEEDED, null),
            "tok_chargeDeclined", new TestCard(new Card("visa", "0002", 12, 2034), Charge.Outcome.FAILED, "card_declined"),
            "tok_chargeDeclinedInsufficientFunds",
            new TestCard(new Card("visa", "9995", 12, 2034), Charge.Outcome.FAILED, "insufficient_funds"),
            "tok_threeDSecureRequired",
            new TestCard(new Card("visa", "3184", 12, 2034), Charge.Outcome.REQUIRES_ACTION, "authentication_required"));

    private final Map<String, Charge> charges = new ConcurrentHashMap<>();

    SandboxPaymentProvider(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of(DevelopmentSecrets.PROFILE))
                && !environment.getProperty("billing.sandbox-allowed", Boolean.class, false)) {
            throw new IllegalStateException("Refusing to start with the sandbox payment provider outside the '"
                    + DevelopmentSecrets.PROFILE + "' profile: its test cards pay without money. Configure a real "
                    + "provider (BILLING_PROVIDER), or set BILLING_SANDBOX_ALLOWED=true for a test deployment.");
        }
    }

    @Override
    public Mono<Card> describe(String token) {
        return Mono.justOrEmpty(CARDS.get(token)).map(TestCard::card);
    }

    @Override
    public Mono<Charge> charge(String token, Money amount, String idempotencyKey) {
        return Mono.fromSupplier(() -> charges.computeIfAbsent(idempotencyKey, key -> {
            TestCard card = CARDS.get(token);
            String ref = "sb_ch_" + UUID.randomUUID().toString().replace("-", "");
            if (card == null) {
                return Charge.failed(ref, "invalid_token");
            }
            return new Charge(card.outcome(), ref, card.failure());
        }));
    }

    @Override
    public Mono<String> refund(String providerRef, Money amount) {
        return Mono.just("sb_re_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
