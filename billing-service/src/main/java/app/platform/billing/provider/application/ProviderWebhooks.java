package app.platform.billing.provider.application;

import app.platform.billing.payment.application.Payments;
import app.platform.billing.provider.domain.WebhookSignature;
import app.platform.events.EventJson;
import app.platform.events.EventMetadata;
import app.platform.events.billing.ProviderWebhookRejected;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The provider's webhooks, shaped like Stripe's: the signature header is checked against the configured secret
 * within a 5-minute tolerance; a rejected webhook is recorded and published ({@code ProviderWebhookRejected}, so the
 * audit log has it) and changes nothing; a webhook already processed (same provider event id) is a replay: it is
 * acknowledged (200, so the provider stops retrying), changes nothing, and is published as rejected ("replayed"). {@code payment_intent.succeeded} and {@code payment_intent.payment_failed} settle a
 * pending payment; other types are acknowledged and ignored.
 */
@Service
public class ProviderWebhooks {

    public enum Result { PROCESSED, REPEAT, REJECTED }

    private static final EventMetadata PROVIDER = new EventMetadata(null, "service:payment-provider");

    private final WebhookLog log;
    private final Payments payments;
    private final ReactiveOutbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final String secret;
    private final Duration tolerance;

    public ProviderWebhooks(WebhookLog log, Payments payments, ReactiveOutbox outbox, TransactionalOperator tx, Clock clock,
                            WebhookSettings settings) {
        this.log = log;
        this.payments = payments;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.secret = settings.secret();
        this.tolerance = settings.tolerance();
    }

    public Mono<Result> receive(String body, String signature, String sourceAddress) {
        Instant now = clock.instant();
        var verdict = WebhookSignature.verify(signature, body == null ? "" : body, secret, now, tolerance);
        if (verdict != WebhookSignature.Verdict.VALID) {
            return reject(verdict.name().toLowerCase(Locale.ROOT), sourceAddress, now);
        }
        JsonNode event;
        try {
            event = EventJson.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            return reject("unreadable", sourceAddress, now);
        }
        String providerId = event.path("id").asString("");
        String type = event.path("type").asString("");
        JsonNode object = event.path("data").path("object");
        if (providerId.isBlank() || type.isBlank()) {
            return reject("unreadable", sourceAddress, now);
        }
        UUID id = UUID.randomUUID();
        return log.processed(id, providerId, type)
                .flatMap(first -> first ? settle(type, object).thenReturn(Result.PROCESSED)
                        : log.noted(id, providerId, type, Result.REPEAT, "replayed")
                        .then(outbox.append(new ProviderWebhookRejected(id, "replayed", sourceAddress, now), PROVIDER))
                        .thenReturn(Result.REPEAT))
                .as(tx::transactional);
    }

    private Mono<Boolean> settle(String type, JsonNode object) {
        String ref = object.path("id").asString("");
        return switch (type) {
            case "payment_intent.succeeded" -> payments.providerSettled(ref, true, null, PROVIDER);
            case "payment_intent.payment_failed" -> payments.providerSettled(ref, false,
                    object.path("last_payment_error").path("code").asString(null), PROVIDER);
            default -> Mono.just(false);
        };
    }

    private Mono<Result> reject(String reason, String sourceAddress, Instant now) {
        UUID id = UUID.randomUUID();
        return log.noted(id, null, null, Result.REJECTED, reason)
                .then(outbox.append(new ProviderWebhookRejected(id, reason, sourceAddress, now), PROVIDER))
                .thenReturn(Result.REJECTED)
                .as(tx::transactional);
    }
}
