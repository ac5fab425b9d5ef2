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

    @Test
    void aUserIdIsReadAsTheCanonicalUuidExpressionReadsIt() {
        java.util.regex.Pattern canonical = java.util.regex.Pattern.compile(
                "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
        String valid = "0f1e2d3c-4b5a-6978-8a9b-AcBdCeDf0123";
        List<String> corpus = new java.util.ArrayList<>(List.of(valid, valid + "0", valid.substring(1), "", "-"));
        for (int i = 0; i < valid.length(); i++) {
            for (char c : "0 9 a f A F g G - _ \u0663 \uFF46 \u00E9".replace(" ", "").toCharArray()) {
                corpus.add(valid.substring(0, i) + c + valid.substring(i + 1));
            }
        }
        for (String subject : corpus) {
            assertThat(Caller.userId(subject)).as(subject).isEqualTo(canonical.matcher(subject).matches());
        }
    }
}
