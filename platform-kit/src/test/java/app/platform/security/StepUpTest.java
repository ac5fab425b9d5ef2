package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class StepUpTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    static Jwt token(String role, String aal, Object authTime) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("00000000-0000-0000-0000-000000000001")
                .claim("app_metadata", Map.of("role", role)).claim("aal", aal);
        if (authTime != null) {
            jwt.claim("auth_time", authTime);
        }
        return jwt.build();
    }

    @Test
    void aRecentSecondFactorSignInIsAStepUp() {
        assertThat(StepUp.satisfiedBy(token("admin", "aal2", NOW.minusSeconds(60).getEpochSecond()), NOW)).isTrue();
        assertThat(StepUp.satisfiedBy(token("admin", "aal2", NOW.minusSeconds(60)), NOW)).isTrue();
    }

    @Test
    void aPasswordAloneAnOldSignInOrNoAuthTimeIsNot() {
        assertThat(StepUp.satisfiedBy(token("admin", "aal1", NOW.getEpochSecond()), NOW)).isFalse();
        assertThat(StepUp.satisfiedBy(token("admin", "aal2", NOW.minus(StepUp.MAX_AGE).minusSeconds(1)), NOW)).isFalse();
        assertThat(StepUp.satisfiedBy(token("admin", "aal2", null), NOW)).isFalse();
        assertThat(StepUp.satisfiedBy(token("admin", "aal2", NOW.plusSeconds(3600)), NOW)).isFalse();
    }

    @Test
    void anAdminWithoutStepUpIsChallengedAndAMemberIsNot() {
        Jwt weak = token("admin", "aal1", Instant.now().getEpochSecond());
        Jwt strong = token("admin", "aal2", Instant.now().getEpochSecond());
        Jwt member = token("member", "aal2", Instant.now().getEpochSecond());
        assertThat(StepUp.needed(new JwtAuthenticationToken(weak, PlatformRoles.of(weak)))).isTrue();
        assertThat(StepUp.needed(new JwtAuthenticationToken(strong, PlatformRoles.of(strong)))).isFalse();
        assertThat(PlatformRoles.of(strong)).extracting(Object::toString).contains(StepUp.AUTHORITY);
        assertThat(StepUp.needed(new JwtAuthenticationToken(member, PlatformRoles.of(member)))).isFalse();
        assertThat(StepUp.CHALLENGE).contains("insufficient_user_authentication").contains("acr_values=\"aal2\"");
    }
}
