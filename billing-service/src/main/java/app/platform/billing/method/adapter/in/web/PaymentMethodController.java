package app.platform.billing.method.adapter.in.web;

import app.platform.billing.method.application.PaymentMethods;
import app.platform.billing.method.domain.PaymentMethod;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My cards: brand, last 4 and expiry; the provider token never leaves billing. */
@RestController
class PaymentMethodController {

    /** At most the stored token's size; that it is no card number is the domain's rule (it never echoes it). */
    record AddMethod(@NotBlank @Size(max = 128) String token) {
        /** Never the token (a member may paste a card number here): bodies are logged at DEBUG. */
        @Override
        public String toString() {
            return "AddMethod[token=…]";
        }
    }

    record MethodView(UUID id, String brand, String last4, int expMonth, int expYear, boolean isDefault) {
        static MethodView of(PaymentMethod m) {
            return new MethodView(m.id(), m.brand(), m.last4(), m.expMonth(), m.expYear(), m.isDefault());
        }
    }

    private final PaymentMethods methods;

    PaymentMethodController(PaymentMethods methods) {
        this.methods = methods;
    }

    @GetMapping("/api/billing/me/payment-methods")
    Flux<MethodView> mine(@AuthenticationPrincipal Jwt jwt) {
        return methods.mine(Caller.id(jwt)).map(MethodView::of);
    }

    @PostMapping("/api/billing/me/payment-methods")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<MethodView> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody AddMethod body) {
        return methods.add(Caller.id(jwt), body.token(), Caller.metadata(jwt)).map(MethodView::of);
    }

    @PostMapping("/api/billing/me/payment-methods/{id}/default")
    Mono<MethodView> makeDefault(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return methods.makeDefault(Caller.id(jwt), id).map(MethodView::of);
    }

    @DeleteMapping("/api/billing/me/payment-methods/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return methods.remove(Caller.id(jwt), id);
    }
}
