package app.platform.billing.subscription.adapter.in.web;

import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.subscription.domain.Subscription;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

@RestController
class SubscriptionController {

    private final Subscriptions subscriptions;

    SubscriptionController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** The caller's own subscriptions. */
    @GetMapping("/api/billing/subscriptions")
    Flux<Subscription> mine(@AuthenticationPrincipal Jwt jwt) {
        return subscriptions.ofUser(UUID.fromString(jwt.getSubject()));
    }
}
