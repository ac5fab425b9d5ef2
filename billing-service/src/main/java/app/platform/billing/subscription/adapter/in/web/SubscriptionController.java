package app.platform.billing.subscription.adapter.in.web;

import app.platform.billing.subscription.application.PlanCatalog;
import app.platform.billing.subscription.application.Subscriptions;
import app.platform.billing.subscription.domain.Plan;
import app.platform.billing.subscription.domain.Subscription;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The plans, my subscriptions, and operators running the charge scheduler now. */
@RestController
class SubscriptionController {

    /** A plan of the catalog (the catalog names the unknown one), and the card (the default when absent). */
    record Subscribe(@NotBlank @Size(max = 64) String plan, UUID paymentMethodId) {
    }

    record Cancel(Boolean atPeriodEnd) {
    }

    record ChangePlan(@NotBlank @Size(max = 64) String plan) {
    }

    record ChangePaymentMethod(@NotNull UUID paymentMethodId) {
    }

    record SchedulerRun(long handled) {
    }

    /** A subscription as its member sees it: status in lower case, money in minor units. */
    record SubscriptionView(UUID id, String plan, long priceMinor, String currency, String interval, String status,
                            Instant currentPeriodStart, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
                            String nextPlan, UUID paymentMethodId) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id(), s.plan(), s.priceMinor(), s.currency(), s.interval(), s.status().code(),
                    s.currentPeriodStart(), s.currentPeriodEnd(), s.cancelAtPeriodEnd(), s.nextPlan(), s.paymentMethodId());
        }
    }

    private final Subscriptions subscriptions;
    private final PlanCatalog plans;

    SubscriptionController(Subscriptions subscriptions, PlanCatalog plans) {
        this.subscriptions = subscriptions;
        this.plans = plans;
    }

    @GetMapping("/api/billing/plans")
    Map<String, Plan> plans() {
        return plans.plans();
    }

    @GetMapping("/api/billing/me/subscriptions")
    Flux<SubscriptionView> mine(@AuthenticationPrincipal Jwt jwt) {
        return subscriptions.mine(Caller.id(jwt)).map(SubscriptionView::of);
    }

    @PostMapping("/api/billing/me/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SubscriptionView> subscribe(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Subscribe body) {
        return subscriptions.subscribe(Caller.id(jwt), body.plan(), body.paymentMethodId(), Caller.metadata(jwt))
                .map(SubscriptionView::of);
    }

    /** Cancels at the end of the paid period unless {@code atPeriodEnd} is false. */
    @PostMapping("/api/billing/me/subscriptions/{id}/cancel")
    Mono<SubscriptionView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @RequestBody(required = false) Cancel body) {
        boolean atPeriodEnd = body == null || body.atPeriodEnd() == null || body.atPeriodEnd();
        return subscriptions.cancel(Caller.id(jwt), id, atPeriodEnd, Caller.metadata(jwt))
                .map(SubscriptionView::of);
    }

    @PostMapping("/api/billing/me/subscriptions/{id}/plan")
    Mono<SubscriptionView> changePlan(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody ChangePlan body) {
        return subscriptions.changePlan(Caller.id(jwt), id, body.plan()).map(SubscriptionView::of);
    }

    @PostMapping("/api/billing/me/subscriptions/{id}/payment-method")
    Mono<SubscriptionView> changePaymentMethod(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
                                               @Valid @RequestBody ChangePaymentMethod body) {
        return subscriptions.changePaymentMethod(Caller.id(jwt), id, body.paymentMethodId()).map(SubscriptionView::of);
    }

    @PostMapping("/api/billing/admin/scheduler/run")
    Mono<SchedulerRun> runScheduler() {
        return subscriptions.chargeDue().map(SchedulerRun::new);
    }
}
