package app.platform.billing.agreement.adapter.in.web;

import app.platform.billing.agreement.application.Agreements;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The current terms, my acceptances, and operators publishing a new version. */
@RestController
class AgreementController {

    /** The version accepted and the SHA-256 of its text (lower-case hex) as the member saw it. */
    record Accept(@NotBlank @Size(max = 32) String version,
                  @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be the SHA-256 of the terms' text in lower-case hex")
                  String hash) {
    }

    /** A version name (its form is the domain's rule) and the text, at most 100,000 characters. */
    record Publish(@NotBlank @Size(max = 32) String version, @NotBlank @Size(max = 100_000) String text) {
    }

    private final Agreements agreements;

    AgreementController(Agreements agreements) {
        this.agreements = agreements;
    }

    @GetMapping("/api/billing/terms")
    Mono<Agreements.Terms> current() {
        return agreements.current();
    }

    @GetMapping("/api/billing/me/agreements")
    Flux<Agreements.Agreement> mine(@AuthenticationPrincipal Jwt jwt) {
        return agreements.mine(Caller.id(jwt));
    }

    /**
     * Accepts the current terms. The address is the client's as the gateway forwarded it (the first
     * {@code X-Forwarded-For} hop; the gateway only passes it from trusted proxies), else the peer's.
     */
    @PostMapping("/api/billing/me/agreements")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Agreements.Agreement> accept(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Accept body, ServerHttpRequest request) {
        return agreements.accept(Caller.id(jwt), body.version(), body.hash(), clientAddress(request),
                request.getHeaders().getFirst(HttpHeaders.USER_AGENT), Caller.metadata(jwt));
    }

    @PostMapping("/api/billing/admin/terms")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Agreements.Terms> publish(@Valid @RequestBody Publish body) {
        return agreements.publish(body.version(), body.text());
    }

    static String clientAddress(ServerHttpRequest request) {
        String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].strip();
        }
        return request.getRemoteAddress() == null ? null : request.getRemoteAddress().getAddress().getHostAddress();
    }
}
