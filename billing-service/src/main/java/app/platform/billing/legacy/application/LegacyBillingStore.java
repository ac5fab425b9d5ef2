package app.platform.billing.legacy.application;

import app.platform.billing.provider.domain.Card;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What only the import writes. */
public interface LegacyBillingStore {
    /**
     * Dates an imported subscription, payment or card ({@link LegacyBillingImport#SUBSCRIPTIONS}, {@code PAYMENTS},
     * {@code METHODS}) when the legacy side created it, as the legacy row says now (a native one is created now).
     */
    Mono<Void> backdate(String table, UUID id, Instant createdAt);

    /** The member whose card has this id; empty when there is none. */
    Mono<UUID> cardOwner(UUID id);

    /** Changes a card in place: the legacy side changed it (a member's card never changes here). */
    Mono<Void> changeCard(UUID id, String token, Card card);

    /** Removes a subscription or a payment the legacy side deleted (no native change deletes one). */
    Mono<Void> delete(String table, UUID id);

    /**
     * What billing's own tables hold of a legacy table ({@link LegacyBillingImport#SUBSCRIPTIONS}, {@code PAYMENTS},
     * {@code METHODS}), in the legacy table's columns: the query of its {@link app.platform.legacy.LegacyTarget}.
     */
    String held(String table);
}
