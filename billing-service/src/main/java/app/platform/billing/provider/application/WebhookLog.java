package app.platform.billing.provider.application;

import app.platform.billing.provider.application.ProviderWebhooks.Result;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A port of {@link ProviderWebhooks}, implemented in {@code adapter.out}. */
public interface WebhookLog {
    /** False when this provider event was processed already. */
    Mono<Boolean> processed(UUID id, String providerId, String type);

    Mono<Void> noted(UUID id, String providerId, String type, Result outcome, String reason);
}
