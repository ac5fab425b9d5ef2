package app.platform.billing.tax.adapter.in.web;

import app.platform.billing.tax.application.TaxForms;
import app.platform.billing.tax.domain.TaxFormInput;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** My tax form (only the last 4 of the tax id ever come back); operators verify forms and rotate the key. */
@RestController
class TaxFormController {

    record Rotated(long resealed) {
    }

    /**
     * A tax form as submitted, bounded here; the domain ({@link TaxFormInput#validated}) checks the kind, the country
     * and the tax id's form without ever echoing it.
     */
    record TaxFormBody(@NotBlank @Size(max = 8) String kind, @NotBlank @Size(max = 200) String legalName,
                       @NotBlank @Pattern(regexp = "\\s*[A-Za-z]{2}\\s*", message = "an ISO 3166 alpha-2 country code")
                       String country,
                       @NotBlank @Size(max = 40) String taxId) {

        TaxFormInput input() {
            return new TaxFormInput(kind, legalName, country, taxId);
        }

        /** Never the tax id: bodies are logged at DEBUG. */
        @Override
        public String toString() {
            return "TaxFormBody[kind=" + kind + ", country=" + country + "]";
        }
    }

    private final TaxForms forms;

    TaxFormController(TaxForms forms) {
        this.forms = forms;
    }

    @GetMapping("/api/billing/me/tax-form")
    Mono<TaxForms.TaxForm> mine(@AuthenticationPrincipal Jwt jwt) {
        return forms.mine(Caller.id(jwt));
    }

    @PutMapping("/api/billing/me/tax-form")
    Mono<TaxForms.TaxForm> submit(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody TaxFormBody body) {
        return forms.submit(Caller.id(jwt), body.input(), Caller.metadata(jwt));
    }

    @GetMapping("/api/billing/admin/tax-forms/{userId}")
    Mono<TaxForms.TaxForm> of(@PathVariable UUID userId) {
        return forms.mine(userId);
    }

    @PostMapping("/api/billing/admin/tax-forms/{userId}/verify")
    Mono<TaxForms.TaxForm> verify(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        return forms.verify(userId, Caller.id(jwt));
    }

    @PostMapping("/api/billing/admin/tax-forms/rotate-key")
    Mono<Rotated> rotate() {
        return forms.rotate().map(Rotated::new);
    }
}
