package app.platform.profile.privacy.adapter.in.web;

import app.platform.profile.privacy.application.PersonalData;
import app.platform.profile.web.Me;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Everything this service holds about me, and closing my account here. */
@RestController
class PrivacyController {

    private final PersonalData personalData;

    PrivacyController(PersonalData personalData) {
        this.personalData = personalData;
    }

    @GetMapping("/api/profile/me/export")
    Mono<Map<String, Object>> export(@AuthenticationPrincipal Jwt jwt) {
        return personalData.export(Me.id(jwt));
    }

    @PostMapping("/api/profile/me/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> close(@AuthenticationPrincipal Jwt jwt) {
        return personalData.close(Me.id(jwt), "user_request", Me.metadata(jwt));
    }
}
