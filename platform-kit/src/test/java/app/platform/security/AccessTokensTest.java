package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

class AccessTokensTest {

    static final String ISSUER = "http://localhost:8080";
    final OAuth2TokenValidator<Jwt> validator = new AccessTokens(List.of("authenticated", "platform-services"))
            .validator(ISSUER);

    /** A user's access token as identity issues it, changed by {@code change}. */
    static Jwt token(UnaryOperator<Jwt.Builder> change) {
        Instant now = Instant.now();
        return change.apply(Jwt.withTokenValue("token").header("alg", "RS256").header("typ", "at+jwt")
                .issuer(ISSUER).subject("7d0f3b2e-4f4a-4b8e-9c61-2f6c1b7a9d10").audience(List.of("web", "authenticated"))
                .issuedAt(now).notBefore(now).expiresAt(now.plusSeconds(900))).build();
    }

    boolean valid(Jwt jwt) {
        return !validator.validate(jwt).hasErrors();
    }

    @Test
    void usersAndServicesAccessTokensAreTaken() {
        assertThat(valid(token(t -> t))).isTrue();
        assertThat(valid(token(t -> t.header("typ", "application/at+jwt")))).isTrue();
        assertThat(valid(token(t -> t.subject("platform-services").audience(List.of("platform-services"))))).isTrue();
    }

    @Test
    void anIdTokenIsNoAccessToken() {
        assertThat(valid(token(t -> t.header("typ", "JWT").audience(List.of("web"))))).isFalse();
        assertThat(valid(token(t -> t.headers(h -> h.remove("typ")).audience(List.of("web"))))).isFalse();
    }

    @Test
    void theTypeTheIssuerTheAudienceAndTheTimesAreEachRequired() {
        assertThat(valid(token(t -> t.header("typ", "JWT")))).as("typ JWT").isFalse();
        assertThat(valid(token(t -> t.headers(h -> h.remove("typ"))))).as("no typ").isFalse();
        assertThat(valid(token(t -> t.issuer("https://elsewhere.example")))).as("another issuer").isFalse();
        assertThat(valid(token(t -> t.claims(c -> c.remove("iss"))))).as("no issuer").isFalse();
        assertThat(valid(token(t -> t.audience(List.of("web"))))).as("only the client").isFalse();
        assertThat(valid(token(t -> t.claims(c -> c.remove("aud"))))).as("no audience").isFalse();
        Instant before = Instant.now().minusSeconds(7200);
        assertThat(valid(token(t -> t.issuedAt(before).notBefore(before).expiresAt(before.plusSeconds(900)))))
                .as("expired").isFalse();
        assertThat(valid(token(t -> t.notBefore(Instant.now().plusSeconds(3600))))).as("not yet valid").isFalse();
    }
}
