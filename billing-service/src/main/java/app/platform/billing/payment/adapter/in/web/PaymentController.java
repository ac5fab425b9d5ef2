package app.platform.billing.payment.adapter.in.web;

import app.platform.billing.payment.application.Payments;
import app.platform.billing.payment.domain.ChargeDeclined;
import app.platform.billing.payment.domain.Payment;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My payments, paying what is due now (with an Idempotency-Key), and operators' refunds. */
@RestController
@RestControllerAdvice
class PaymentController {

    /** The subscription to pay, and the card (the subscription's when absent). */
    record PayNow(@NotNull UUID subscriptionId, UUID paymentMethodId) {
    }

    /** A positive amount in minor units; absent: what is left of the payment. */
    record Refund(@Positive Long amountMinor) {
    }

    /** A payment as members and operators see it; {@code nextAction} tells a pending one what the member must do. */
    record PaymentView(UUID id, UUID subscriptionId, long amountMinor, String currency, String status, long refundedMinor,
                       String failureCode, String nextAction, Instant createdAt) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.id(), p.subscriptionId(), p.amountMinor(), p.currency(), p.status().code(),
                    p.refundedMinor(), p.failureCode(),
                    p.status().code().equals("pending") ? "authenticate_with_provider" : null, p.createdAt());
        }
    }

    private final Payments payments;

    PaymentController(Payments payments) {
        this.payments = payments;
    }

    @GetMapping("/api/billing/me/payments")
    Flux<PaymentView> mine(@AuthenticationPrincipal Jwt jwt) {
        return payments.mine(Caller.id(jwt)).map(PaymentView::of);
    }

    /** 201 with the payment; a repeat of the same request answers the same, marked {@code Idempotent-Replayed: true}. */
    @PostMapping("/api/billing/me/payments")
    Mono<ResponseEntity<PaymentView>> payNow(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PayNow body,
                                             @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return payments.payNow(Caller.id(jwt), key, body.subscriptionId(), body.paymentMethodId(),
                        Caller.metadata(jwt))
                .map(o -> ResponseEntity.created(URI.create("/api/billing/me/payments/" + o.payment().id()))
                        .header("Idempotent-Replayed", String.valueOf(o.replayed()))
                        .body(PaymentView.of(o.payment())));
    }

    @PostMapping("/api/billing/admin/payments/{id}/refunds")
    Mono<PaymentView> refund(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody(required = false) Refund body) {
        return payments.refund(id, body == null ? null : body.amountMinor(), Caller.metadata(jwt))
                .map(PaymentView::of);
    }

    @ExceptionHandler(ChargeDeclined.class)
    ProblemDetail declined(ChargeDeclined e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, e.getMessage());
        problem.setTitle("Payment not accepted");
        problem.setProperty("code", e.code());
        return problem;
    }
}
