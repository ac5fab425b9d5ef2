package app.platform.profile.appuser.adapter.out.identity;

import app.platform.profile.appuser.application.IdentityDirectory;
import app.platform.profile.appuser.application.ReconcileWithIdentity.IdentityUser;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * identity-service's service-only user list ({@code /api/identity/internal/users}), read with a client-credentials
 * token of the {@code platform-services} client (scope {@code services}).
 */
@Component
class HttpIdentityDirectory implements IdentityDirectory {

    private static final int PAGE = 500;
    private final WebClient identity;
    private final String clientId;
    private final String clientSecret;

    HttpIdentityDirectory(WebClient.Builder web, IdentityClientSettings settings) {
        this.identity = web.baseUrl(settings.url()).build();
        this.clientId = settings.clientId();
        this.clientSecret = settings.clientSecret();
    }

    @Override
    public Flux<List<IdentityUser>> pages() {
        return token().flatMapMany(token -> page(token, null).expand(users -> users.size() < PAGE ? Mono.empty()
                : page(token, users.getLast().id())));
    }

    private Mono<List<IdentityUser>> page(String token, UUID after) {
        return identity.get()
                .uri(u -> u.path("/api/identity/internal/users").queryParam("limit", PAGE)
                        .queryParamIfPresent("after", java.util.Optional.ofNullable(after)).build())
                .headers(h -> h.setBearerAuth(token))
                .retrieve().bodyToMono(new ParameterizedTypeReference<List<IdentityUser>>() { })
                .timeout(Duration.ofSeconds(30));
    }

    private Mono<String> token() {
        return identity.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(clientId, clientSecret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("scope", "services"))
                .retrieve().bodyToMono(JsonNode.class)
                .map(body -> body.get("access_token").asString())
                .timeout(Duration.ofSeconds(30));
    }
}
