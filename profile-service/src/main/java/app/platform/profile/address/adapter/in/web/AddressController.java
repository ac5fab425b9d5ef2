package app.platform.profile.address.adapter.in.web;

import app.platform.profile.address.application.Addresses;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.web.Me;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My postal addresses; another user's address id is not found. */
@RestController
@RequestMapping("/api/profile/me/addresses")
class AddressController {

    private final Addresses addresses;

    AddressController(Addresses addresses) {
        this.addresses = addresses;
    }

    /** Bounded here; the domain trims, checks the type, the ISO country and each field's length. */
    record AddressBody(@NotBlank @Size(max = 16) String type, @NotBlank @Size(max = 200) String line1,
                       @Size(max = 200) String line2, @NotBlank @Size(max = 100) String city,
                       @Size(max = 100) String region, @Size(max = 20) String postalCode,
                       @NotBlank @Pattern(regexp = "\\s*[A-Za-z]{2}\\s*", message = "must be an ISO 3166-1 alpha-2 country code such as DE")
                       String country,
                       Boolean isDefault) {
        PostalAddress address() {
            return PostalAddress.of(type, line1, line2, city, region, postalCode, country);
        }
    }

    record AddressView(UUID id, String type, String line1, String line2, String city, String region, String postalCode,
                       String country, boolean isDefault, Instant createdAt) {
        static AddressView of(Addresses.Address a) {
            PostalAddress p = a.address();
            return new AddressView(a.id(), p.type(), p.line1(), p.line2(), p.city(), p.region(), p.postalCode(),
                    p.country(), a.isDefault(), a.createdAt());
        }
    }

    @GetMapping
    Flux<AddressView> list(@AuthenticationPrincipal Jwt jwt) {
        return addresses.list(Me.id(jwt)).map(AddressView::of);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AddressView> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody AddressBody body) {
        return Mono.fromCallable(body::address)
                .flatMap(a -> addresses.add(Me.id(jwt), a, Boolean.TRUE.equals(body.isDefault()), Me.metadata(jwt)))
                .map(AddressView::of);
    }

    @PutMapping("/{id}")
    Mono<AddressView> replace(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody AddressBody body) {
        return Mono.fromCallable(body::address)
                .flatMap(a -> addresses.change(Me.id(jwt), id, a, body.isDefault(), Me.metadata(jwt)))
                .map(AddressView::of);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return addresses.remove(Me.id(jwt), id, Me.metadata(jwt));
    }
}
