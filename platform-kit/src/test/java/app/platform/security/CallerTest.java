package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.Forbidden;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller of a request is the user its token belongs to; any other token is refused as a 403, never a 500. */
class CallerTest {

    static Jwt token(String subject) {
        Jwt.Builder jwt = Jwt.withTokenValue("token").header("alg", "RS256").claim("scope", List.of("services"));
        return subject == null ? jwt.build() : jwt.subject(subject).build();
    }

    @Test
    void aUsersTokenNamesTheUser() {
        UUID user = UUID.randomUUID();
        assertThat(Caller.id(token(user.toString()))).isEqualTo(user);
        assertThat(Caller.metadata(token(user.toString())).actor()).isEqualTo("user:" + user);
    }

    @Test
    void aServicesClientCredentialsTokenIsRefused() {
        assertThatThrownBy(() -> Caller.id(token("platform-services"))).isInstanceOf(Forbidden.class)
                .hasMessage("This token does not belong to a user.");
        assertThatThrownBy(() -> Caller.metadata(token("platform-services"))).isInstanceOf(Forbidden.class);
    }

    @Test
    void aTokenWithoutASubjectOrWithALooseUuidIsRefused() {
        assertThatThrownBy(() -> Caller.id(token(null))).isInstanceOf(Forbidden.class);
        // UUID.fromString reads "1-2-3-4-5" as a UUID; no user has that id
        assertThatThrownBy(() -> Caller.id(token("1-2-3-4-5"))).isInstanceOf(Forbidden.class);
    }
}
