package app.platform.profile.appuser.adapter.in.web;

import app.platform.profile.appuser.application.AppUserRepository;
import app.platform.profile.web.Me;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

@RestController
class MeController {

    private final AppUserRepository users;

    MeController(AppUserRepository users) {
        this.users = users;
    }

    record MeResponse(UUID id, UUID authUserId, String email, boolean emailVerified, String status,
                      Profile profile) {
        record Profile(String displayName, String locale, String timeZone) {
        }
    }

    /** The caller's own app user and profile, found by the token's subject. */
    @GetMapping("/api/profile/me")
    Mono<MeResponse> me(@AuthenticationPrincipal Jwt jwt) {
        return Mono.fromCallable(() -> Me.id(jwt))
                .flatMap(users::findByAuthUserId)
                .map(v -> new MeResponse(v.user().id(), v.user().authUserId(), v.user().email(),
                        v.user().emailVerified(), v.user().status().name(),
                        new MeResponse.Profile(v.displayName(), v.locale(), v.timeZone())))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no app user for this account yet")));
    }
}
