package app.platform.identity.user.adapter.in.web;

import app.platform.identity.user.application.RegisterUser;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/identity/users")
class SignUpController {

    private final RegisterUser registerUser;

    SignUpController(RegisterUser registerUser) {
        this.registerUser = registerUser;
    }

    record SignUpRequest(@NotBlank @Size(max = EmailAddress.MAX_LENGTH) String email,
                         @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "SignUpRequest[email=<redacted>, password=<redacted>]";
        }
    }

    /** What to do next, after any sign-up (this call's and the hosted page's). */
    static final String CHECK_YOUR_MAIL = "Check your mail: we sent a link to confirm the address.";

    /** The answer to a sign-up, the same whether the address was free or has an account: no user id. */
    record SignUpAccepted(String email, String next) {
    }

    /**
     * 202 and a mail, whether the address is new (a link to confirm it) or has an account already (a mail saying so,
     * with links to sign in and to reset the password): the answer tells nobody which.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    SignUpAccepted signUp(@Valid @RequestBody SignUpRequest request) {
        var accepted = registerUser.register(request.email(), request.password());
        return new SignUpAccepted(accepted.email(), CHECK_YOUR_MAIL);
    }

    /** The account the sign-up created, for its user: anyone else's is not found. */
    @GetMapping("/{id}")
    UserRepository.UserSummary account(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return registerUser.account(id).filter(user -> user.id().equals(Caller.id(jwt)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user."));
    }
}
