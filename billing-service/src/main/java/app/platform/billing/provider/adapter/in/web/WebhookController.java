package app.platform.billing.provider.adapter.in.web;

import app.platform.billing.provider.application.ProviderWebhooks;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The provider's webhook endpoint: no bearer token, the signature proves the sender. 200 when processed or a repeat
 * (so the provider stops retrying), 400 problem+json when rejected.
 */
@RestController
class WebhookController {

    private final ProviderWebhooks webhooks;

    WebhookController(ProviderWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping("/api/billing/webhooks/provider")
    Mono<ResponseEntity<Object>> receive(@RequestBody(required = false) String body,
                                         @RequestHeader(value = "Provider-Signature", required = false) String signature,
                                         ServerHttpRequest request) {
        String source = request.getRemoteAddress() == null ? null : request.getRemoteAddress().getAddress().getHostAddress();
        return webhooks.receive(body, signature, source).map(result -> result == ProviderWebhooks.Result.REJECTED
                ? ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(Map.of("type", "about:blank", "title", "Webhook rejected", "status", 400,
                        "detail", "the signature is missing, wrong or outside the tolerance, or the body is unreadable"))
                : ResponseEntity.ok(Map.of("received", true, "outcome", result.name().toLowerCase(java.util.Locale.ROOT))));
    }
}
