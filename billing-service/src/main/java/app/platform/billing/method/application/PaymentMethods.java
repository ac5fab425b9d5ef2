package app.platform.billing.method.application;

import app.platform.billing.method.domain.PaymentMethod;
import app.platform.billing.provider.application.PaymentProvider;
import app.platform.billing.provider.domain.Card;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.billing.PaymentMethodAdded;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payment methods: added by provider token (a card number is refused unread), the first one is the default, the
 * default of a live subscription cannot be removed.
 */
@Service
public class PaymentMethods {

    private final MethodStore store;
    private final PaymentProvider provider;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public PaymentMethods(MethodStore store, PaymentProvider provider, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.provider = provider;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Flux<PaymentMethod> mine(UUID userId) {
        return store.ofUser(userId);
    }

    @Transactional
    public Mono<PaymentMethod> add(UUID userId, String token, EventMetadata metadata) {
        String checked;
        try {
            checked = PaymentMethod.token(token);
        } catch (InvalidInput e) {
            return Mono.error(e);
        }
        Instant now = clock.instant();
        return provider.describe(checked)
                .switchIfEmpty(Mono.error(() -> new InvalidInput("token", "the provider does not know this token")))
                .zipWith(store.defaultForUpdate(userId).hasElement())
                .flatMap(t -> {
                    var card = t.getT1();
                    boolean first = !t.getT2();
                    var method = PaymentMethod.of(UUID.randomUUID(), userId, checked, card, first, now);
                    return store.insert(method)
                            .then(outbox.append(new PaymentMethodAdded(method.id(), userId, card.brand(), card.last4(),
                                    first, now), metadata))
                            .thenReturn(method);
                });
    }

    @Transactional
    public Mono<PaymentMethod> makeDefault(UUID userId, UUID id) {
        return owned(userId, id).flatMap(m -> store.makeDefault(userId, id)).then(owned(userId, id));
    }

    @Transactional
    public Mono<Void> remove(UUID userId, UUID id) {
        return owned(userId, id)
                .flatMap(m -> store.usedByLiveSubscription(userId, id, m.isDefault()).flatMap(used -> used
                        ? Mono.error(new Conflict("this card pays a live subscription: choose another card for it first (POST /api/billing/me/subscriptions/{id}/payment-method)"))
                        : store.delete(id)));
    }

    /** The card that pays: the one named, else the member's default. */
    public Mono<PaymentMethod> paying(UUID userId, UUID named) {
        return named != null ? owned(userId, named)
                : store.defaultOf(userId).switchIfEmpty(Mono.error(() -> new Conflict("add a payment method first")));
    }

    public Mono<PaymentMethod> owned(UUID userId, UUID id) {
        return store.find(userId, id).switchIfEmpty(Mono.error(() -> new NotFound("payment method")));
    }

    /** A deleted account keeps no cards. */
    public Mono<Void> forget(UUID userId) {
        return store.deleteAllOf(userId);
    }

    /**
     * The legacy import's card, in the caller's transaction: added as {@link #add} adds one (the member's first card
     * is their default), under its legacy id and with what the legacy row tells of it instead of asking the provider,
     * and announced to no one (the legacy side has it already). The caller makes sure the id is not taken.
     */
    public Mono<PaymentMethod> addImported(UUID id, UUID userId, String token, Card card, Instant createdAt) {
        return store.defaultOf(userId).hasElement().flatMap(hasDefault -> {
            var method = PaymentMethod.of(id, userId, token, card, !hasDefault, createdAt);
            return store.insert(method).thenReturn(method);
        });
    }

    /**
     * The legacy import's delete, in the caller's transaction: the card goes if the member has it, as a deleted
     * account's cards go ({@link #forget}). The legacy side, the system of record, removed it; the live-subscription
     * rule of {@link #remove} guards billing's own charges, and billing charges no imported subscription.
     */
    public Mono<Void> removeIfPresent(UUID userId, UUID id) {
        return store.find(userId, id).flatMap(m -> store.delete(id));
    }
}
