package app.platform.billing.subscription.application;

import app.platform.billing.subscription.application.Subscriptions.Schedule;
import app.platform.billing.subscription.domain.Subscription;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Subscriptions}, implemented in {@code adapter.out}. */
public interface SubscriptionStore {
    Mono<Void> insert(Subscription s);

    Mono<Void> update(Subscription s, Instant cancelledAt);

    Mono<Subscription> find(UUID userId, UUID id);

    Mono<Subscription> forUpdate(UUID id);

    /** Serialises, until the caller's transaction ends, whatever starts a subscription of this member. */
    Mono<Void> lockMember(UUID userId);

    Flux<Subscription> ofUser(UUID userId);

    Mono<Schedule> schedule(UUID subscriptionId);

    /** The same, locked until the caller's transaction ends (after the subscription's row, as every writer does). */
    Mono<Schedule> scheduleForUpdate(UUID subscriptionId);

    Mono<Void> schedule(UUID subscriptionId, UUID userId, Instant nextChargeAt, int attempt, String lastFailure);

    Mono<Void> unschedule(UUID subscriptionId);

    /**
     * The most overdue schedule whose row and subscription's row no other transaction holds, both locked until this
     * one ends.
     */
    Mono<UUID> lockNextDue(Instant now);
}
