package app.platform.membership.kyc.adapter.in.web;

import app.platform.errors.InvalidInput;
import app.platform.membership.kyc.application.Verifications;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My identity verification; operators review it. */
@RestController
class KycController {

    private final Verifications verifications;

    KycController(Verifications verifications) {
        this.verifications = verifications;
    }

    /** 1 to 5 documents; the domain checks the type, the ISO country and that the reference is opaque. */
    record Submission(@NotNull @Size(min = 1, max = 5) List<@NotNull @Valid DocumentBody> documents) {
        List<KycDocument> parsed() {
            return documents == null ? List.of() : documents.stream()
                    .map(d -> KycDocument.submitted(d.type(), d.country(), d.reference())).toList();
        }
    }

    record DocumentBody(@NotBlank @Size(max = 32) String type,
                        @NotBlank @Pattern(regexp = "\\s*[A-Za-z]{2}\\s*", message = "must be an ISO 3166-1 alpha-2 country code") String country,
                        @NotBlank @Size(max = 300) String reference) {
    }

    record Rejection(@NotBlank @Size(max = 32) String reason) {
    }

    @GetMapping("/api/membership/me/kyc")
    Mono<Verifications.Verification> mine(@AuthenticationPrincipal Jwt jwt) {
        return verifications.mine(Caller.id(jwt));
    }

    @PostMapping("/api/membership/me/kyc")
    Mono<Verifications.Verification> submit(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Submission body) {
        return Mono.fromCallable(body::parsed)
                .flatMap(documents -> verifications.submit(Caller.id(jwt), documents, Caller.metadata(jwt)));
    }

    @GetMapping("/api/membership/admin/kyc")
    Flux<Verifications.Verification> withStatus(@RequestParam(defaultValue = "submitted") String status) {
        return Mono.fromCallable(() -> {
            try {
                return KycStatus.of(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("status", "unknown status");
            }
        }).flatMapMany(verifications::withStatus);
    }

    @PostMapping("/api/membership/admin/kyc/{userId}/review")
    Mono<Verifications.Verification> review(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        return verifications.startReview(Caller.id(jwt), userId);
    }

    @PostMapping("/api/membership/admin/kyc/{userId}/approve")
    Mono<Verifications.Verification> approve(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        return verifications.approve(Caller.id(jwt), userId, Caller.metadata(jwt));
    }

    @PostMapping("/api/membership/admin/kyc/{userId}/reject")
    Mono<Verifications.Verification> reject(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId,
                                             @Valid @RequestBody Rejection body) {
        return verifications.reject(Caller.id(jwt), userId, body.reason(), Caller.metadata(jwt));
    }
}
