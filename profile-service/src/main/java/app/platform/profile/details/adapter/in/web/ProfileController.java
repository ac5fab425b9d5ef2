package app.platform.profile.details.adapter.in.web;

import app.platform.profile.details.application.ProfileDetails;
import app.platform.profile.web.Me;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** My profile, with its ETag; a change is guarded by If-Match. */
@RestController
@RequestMapping("/api/profile/me/profile")
class ProfileController {

    private final ProfileDetails profiles;

    ProfileController(ProfileDetails profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    Mono<ResponseEntity<Map<String, Object>>> read(@AuthenticationPrincipal Jwt jwt) {
        return profiles.read(Me.id(jwt)).map(ProfileController::withEtag);
    }

    @PatchMapping
    Mono<ResponseEntity<Map<String, Object>>> change(@AuthenticationPrincipal Jwt jwt, @RequestBody Map<String, Object> change,
                                                     @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return profiles.change(Me.id(jwt), change, Me.ifMatch(ifMatch), Me.metadata(jwt))
                .map(ProfileController::withEtag);
    }

    private static ResponseEntity<Map<String, Object>> withEtag(ProfileDetails.Profile profile) {
        return ResponseEntity.ok().eTag(Me.etag(profile.version())).body(profile.fields());
    }
}
