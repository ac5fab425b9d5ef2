package app.platform.identity.user.adapter.in.web;

import app.platform.identity.user.application.DeleteAccount;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** My account: deleting it. */
@RestController
class AccountController {

    private final DeleteAccount deleteAccount;

    AccountController(DeleteAccount deleteAccount) {
        this.deleteAccount = deleteAccount;
    }

    record Confirmation(@Size(max = 1024) String password) {
    }

    @PostMapping("/api/identity/me/delete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Confirmation body) {
        deleteAccount.delete(Caller.id(jwt), body.password(), Caller.metadata(jwt));
    }
}
