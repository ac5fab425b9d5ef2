package app.platform.identity.user.adapter.in.web;

import app.platform.identity.user.application.ChangeEmail;
import app.platform.identity.user.application.ChangePassword;
import app.platform.identity.user.application.DeleteAccount;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * My account: a new password, a new e-mail address, deleting it. Each is confirmed by the password, or, for an account
 * without one, by a sign-in within five minutes (the token's {@code auth_time}; else 401 asking for {@code max_age}).
 */
@RestController
class AccountController {

    private final DeleteAccount deleteAccount;
    private final ChangePassword changePassword;
    private final ChangeEmail changeEmail;

    AccountController(DeleteAccount deleteAccount, ChangePassword changePassword, ChangeEmail changeEmail) {
        this.deleteAccount = deleteAccount;
        this.changePassword = changePassword;
        this.changeEmail = changeEmail;
    }

    record Confirmation(@Size(max = 1024) String password) {
    }

    record NewPassword(@Size(max = 1024) String currentPassword, @Size(max = 1024) String newPassword) {
    }

    record NewEmail(@Size(max = EmailAddress.MAX_LENGTH) String email, @Size(max = 1024) String password) {
    }

    /** The same whether the address was free or has another account: where to look for the link. */
    record EmailChangeAccepted(String email, String next) {
    }

    @PostMapping("/api/identity/me/delete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Confirmation body) {
        deleteAccount.delete(Caller.id(jwt), body.password(), signedInAt(jwt), Caller.metadata(jwt));
    }

    @PostMapping("/api/identity/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void password(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewPassword body) {
        changePassword.change(Caller.id(jwt), body.currentPassword(), body.newPassword(), signedInAt(jwt),
                jwt.getClaimAsString("session_id"), Caller.metadata(jwt));
    }

    /** 202: the new address gets a link that makes the change, the current one a notice. */
    @PostMapping("/api/identity/me/email")
    @ResponseStatus(HttpStatus.ACCEPTED)
    EmailChangeAccepted email(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewEmail body) {
        String email = changeEmail.request(Caller.id(jwt), body.email(), body.password(), signedInAt(jwt));
        return new EmailChangeAccepted(email, "Check your mail at " + email + ": we sent a link to confirm it.");
    }

    private static Instant signedInAt(Jwt jwt) {
        return jwt.hasClaim("auth_time") ? jwt.getClaimAsInstant("auth_time") : null;
    }
}
