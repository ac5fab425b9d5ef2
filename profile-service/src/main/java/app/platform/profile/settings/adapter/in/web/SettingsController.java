package app.platform.profile.settings.adapter.in.web;

import app.platform.profile.settings.application.Settings;
import app.platform.profile.settings.domain.SettingsCategory;
import app.platform.profile.web.Me;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** My settings: all six categories, one with its ETag, and a change of one guarded by If-Match. */
@RestController
@RequestMapping("/api/profile/me/settings")
class SettingsController {

    private final Settings settings;

    SettingsController(Settings settings) {
        this.settings = settings;
    }

    record CategoryBody(int version, Map<String, Object> values) {
    }

    @GetMapping
    Mono<Map<String, CategoryBody>> all(@AuthenticationPrincipal Jwt jwt) {
        return settings.all(Me.id(jwt)).collectMap(v -> v.category().id(),
                v -> new CategoryBody(v.version(), v.values()), LinkedHashMap::new);
    }

    @GetMapping("/{category}")
    Mono<ResponseEntity<Map<String, Object>>> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String category) {
        return Mono.fromCallable(() -> SettingsCategory.of(category))
                .flatMap(c -> settings.one(Me.id(jwt), c)).map(SettingsController::withEtag);
    }

    @PatchMapping("/{category}")
    Mono<ResponseEntity<Map<String, Object>>> change(@AuthenticationPrincipal Jwt jwt, @PathVariable String category,
                                                     @RequestBody Map<String, Object> change,
                                                     @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return Mono.fromCallable(() -> SettingsCategory.of(category))
                .flatMap(c -> settings.change(Me.id(jwt), c, change, Me.ifMatch(ifMatch), Me.metadata(jwt)))
                .map(SettingsController::withEtag);
    }

    private static ResponseEntity<Map<String, Object>> withEtag(Settings.CategoryView view) {
        return ResponseEntity.ok().eTag(Me.etag(view.version())).body(view.values());
    }
}
