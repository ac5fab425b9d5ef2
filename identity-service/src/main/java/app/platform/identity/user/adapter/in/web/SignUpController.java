package app.platform.identity.user.adapter.in.web;

import app.platform.identity.user.application.RegisterUser;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

    @PostMapping
    ResponseEntity<RegisterUser.Registered> signUp(@Valid @RequestBody SignUpRequest request) {
        var registered = registerUser.register(request.email(), request.password());
        return ResponseEntity.created(URI.create("/api/identity/users/" + registered.id())).body(registered);
    }

    /** The account the sign-up created, for its user: anyone else's is not found. */
    @GetMapping("/{id}")
    UserRepository.UserSummary account(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return registerUser.account(id).filter(user -> user.id().equals(Caller.id(jwt)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user."));
    }
}
