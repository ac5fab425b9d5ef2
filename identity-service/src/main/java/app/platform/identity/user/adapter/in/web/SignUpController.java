package app.platform.identity.user.adapter.in.web;

import app.platform.identity.user.application.RegisterUser;
import app.platform.identity.web.CorrelationIdFilter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/identity/users")
class SignUpController {

    private final RegisterUser registerUser;

    SignUpController(RegisterUser registerUser) {
        this.registerUser = registerUser;
    }

    record SignUpRequest(@NotBlank String email, @NotBlank String password) {
        @Override
        public String toString() {
            return "SignUpRequest[email=<redacted>, password=<redacted>]";
        }
    }

    @PostMapping
    ResponseEntity<RegisterUser.Registered> signUp(@Valid @RequestBody SignUpRequest request) {
        var registered = registerUser.register(request.email(), request.password(), CorrelationIdFilter.current());
        return ResponseEntity.created(URI.create("/api/identity/users/" + registered.id())).body(registered);
    }
}
