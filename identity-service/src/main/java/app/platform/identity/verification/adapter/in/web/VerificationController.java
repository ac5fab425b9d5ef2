package app.platform.identity.verification.adapter.in.web;

import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.verification.application.EmailVerification;
import app.platform.identity.verification.application.PasswordReset;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/identity")
class VerificationController {

    /** Far longer than any token this service mails. */
    static final int TOKEN = 256;

    private final EmailVerification emailVerification;
    private final PasswordReset passwordReset;

    VerificationController(EmailVerification emailVerification, PasswordReset passwordReset) {
        this.emailVerification = emailVerification;
        this.passwordReset = passwordReset;
    }

    record TokenRequest(@NotBlank @Size(max = TOKEN) String token) {
        @Override
        public String toString() {
            return "TokenRequest[<redacted>]";
        }
    }

    record ResetRequest(@NotBlank @Size(max = EmailAddress.MAX_LENGTH) String email) {
        @Override
        public String toString() {
            return "ResetRequest[<redacted>]";
        }
    }

    record NewPasswordRequest(@NotBlank @Size(max = TOKEN) String token, @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "NewPasswordRequest[<redacted>]";
        }
    }

    @PostMapping("/email-verification/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmEmail(@Valid @RequestBody TokenRequest request) {
        emailVerification.confirm(request.token());
    }

    @PostMapping("/email-verification/resend")
    ResponseEntity<Map<String, String>> resend(@AuthenticationPrincipal Jwt jwt) {
        emailVerification.resend(Caller.id(jwt));
        return accepted();
    }

    @PostMapping("/password-reset")
    ResponseEntity<Map<String, String>> requestReset(@Valid @RequestBody ResetRequest request) {
        passwordReset.request(request.email());
        return accepted();
    }

    @PostMapping("/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmReset(@Valid @RequestBody NewPasswordRequest request) {
        passwordReset.confirm(request.token(), request.password());
    }

    /** One answer whatever happened, so that it does not tell whether an address has an account. */
    private static ResponseEntity<Map<String, String>> accepted() {
        return ResponseEntity.accepted().body(Map.of("status", "If the address has an account, a mail is on its way."));
    }
}
