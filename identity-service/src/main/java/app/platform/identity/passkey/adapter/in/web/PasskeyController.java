package app.platform.identity.passkey.adapter.in.web;

import app.platform.identity.passkey.application.Passkeys;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** My passkeys; registering one happens on the hosted page {@code /webauthn/register}. */
@RestController
@RequestMapping("/api/identity/passkeys")
class PasskeyController {

    private final Passkeys passkeys;

    PasskeyController(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    record Rename(@NotBlank @Size(max = 100) String label) {
    }

    @GetMapping
    List<Passkeys.Passkey> mine(@AuthenticationPrincipal Jwt jwt) {
        return passkeys.list(Caller.id(jwt));
    }

    @PatchMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void rename(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @Valid @RequestBody Rename body) {
        passkeys.rename(Caller.id(jwt), id, body.label());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        passkeys.delete(Caller.id(jwt), id, Caller.metadata(jwt));
    }
}
