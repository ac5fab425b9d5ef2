package app.platform.billing.method.application;

import app.platform.billing.method.domain.CardNumbers;
import app.platform.billing.method.domain.PaymentMethod;
import app.platform.billing.provider.application.PaymentProvider;
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

    public interface MethodStore {
        Flux<PaymentMethod> ofUser(UUID userId);

        Mono<PaymentMethod> find(UUID userId, UUID id);

        Mono<PaymentMethod> defaultOf(UUID userId);

        Mono<Void> insert(PaymentMethod method);

        /** Makes it the user's only default. */
        Mono<Void> makeDefault(UUID userId, UUID id);

        Mono<Void> delete(UUID id);

        /** Whether a live subscription of the user charges this method (named or as the default). */
        Mono<Boolean> usedByLiveSubscription(UUID userId, UUID id, boolean isDefault);

        Mono<Void> deleteAllOf(UUID userId);
    }

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
        if (token == null || token.isBlank()) {
            return Mono.error(new InvalidInput("token", "a provider token is required"));
        }
        if (CardNumbers.looksLikeOne(token)) {
            return Mono.error(new InvalidInput("token",
                    "card numbers are never accepted; tokenize the card with the provider and send its token"));
        }
        Instant now = clock.instant();
        return provider.describe(token.strip())
                .switchIfEmpty(Mono.error(() -> new InvalidInput("token", "the provider does not know this token")))
                .zipWith(store.defaultOf(userId).hasElement())
                .flatMap(t -> {
                    var card = t.getT1();
                    boolean first = !t.getT2();
                    var method = new PaymentMethod(UUID.randomUUID(), userId, token.strip(), card.brand(), card.last4(),
                            card.expMonth(), card.expYear(), first, now);
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
                        ? Mono.error(new Conflict("this card pays a live subscription: add and choose another one first"))
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
}
