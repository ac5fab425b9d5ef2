package app.platform.profile.contact.adapter.in.web;

import app.platform.profile.contact.application.Contacts;
import app.platform.profile.web.Me;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** My contacts; another user's contact id is not found. */
@RestController
@RequestMapping("/api/profile/me/contacts")
class ContactController {

    private final Contacts contacts;

    ContactController(Contacts contacts) {
        this.contacts = contacts;
    }

    /** Bounded here; the domain checks the kind, the type and the value's form (E.164, e-mail). */
    record NewContact(@NotBlank @Size(max = 16) String kind, @NotBlank @Size(max = 16) String type,
                      @NotBlank @Size(max = 320) String value, Boolean primary) {
    }

    record ContactChange(@Size(max = 16) String type, Boolean primary) {
    }

    @GetMapping
    Flux<Contacts.Contact> list(@AuthenticationPrincipal Jwt jwt) {
        return contacts.list(Me.id(jwt));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Contacts.Contact> add(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewContact body) {
        return contacts.add(Me.id(jwt), body.kind(), body.type(), body.value(), Boolean.TRUE.equals(body.primary()), Me.metadata(jwt));
    }

    @PatchMapping("/{id}")
    Mono<Contacts.Contact> change(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody ContactChange body) {
        return contacts.change(Me.id(jwt), id, body.type(), body.primary(), Me.metadata(jwt));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return contacts.remove(Me.id(jwt), id, Me.metadata(jwt));
    }
}
