package app.platform.billing.method.application;

import app.platform.billing.method.domain.PaymentMethod;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link PaymentMethods}, implemented in {@code adapter.out}. */
public interface MethodStore {
    Flux<PaymentMethod> ofUser(UUID userId);

    Mono<PaymentMethod> find(UUID userId, UUID id);

    /**
     * The member's default card, its choice held until the caller's transaction ends: two first cards added at once
     * take turns, and the second is not the default (a member has one).
     */
    Mono<PaymentMethod> defaultForUpdate(UUID userId);

    Mono<PaymentMethod> defaultOf(UUID userId);

    Mono<Void> insert(PaymentMethod method);

    /** Makes it the user's only default. */
    Mono<Void> makeDefault(UUID userId, UUID id);

    Mono<Void> delete(UUID id);

    /** Whether a live subscription of the user charges this method (named or as the default). */
    Mono<Boolean> usedByLiveSubscription(UUID userId, UUID id, boolean isDefault);

    Mono<Void> deleteAllOf(UUID userId);
}
