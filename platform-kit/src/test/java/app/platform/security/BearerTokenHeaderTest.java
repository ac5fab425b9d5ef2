package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

class BearerTokenHeaderTest {

    /** Header values, well formed and not: each is read as Spring Security's own converter reads it. */
    static final List<String> HEADERS = java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "bearer", "Bearer  abc",
            "Bearer abc", "bearer abc", "BEARER abc", "bEaReR abc", "Bearer abc=", "Bearer abc==", "Bearer abc=d",
            "Bearer =", "Bearer a.b-c_d~e+f/g", "Bearer abc ", " Bearer abc", "Bearer\tabc", "Bearerabc",
            "Bearer a b", "Bearer ab\u00e9", "Bearer abc\n", "Basic dXNlcjpwYXNz", "Token abc", "Bearer ab%63",
            "Bearer eyJraWQiOiJrIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJ1In0.c2lnbmF0dXJl", "Bearer \u212Aabc");

    @Test
    void readsEveryHeaderAsSpringSecurityDoes() {
        ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
        BearerTokenHeader ours = new BearerTokenHeader();
        for (String header : HEADERS) {
            assertThat(outcome(ours, header)).as("%s", header).isEqualTo(outcome(spring, header));
        }
        assertThat(outcome(ours, "Bearer abc")).isEqualTo("token abc");
        assertThat(outcome(ours, "Bearer a b")).isEqualTo("error invalid_token Bearer token is malformed");
        assertThat(outcome(ours, "Basic dXNlcjpwYXNz")).isEqualTo("none");
    }

    @Test
    void readsEveryCharacterAsSpringSecurityDoesAtEveryPlaceOfTheToken() {
        ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
        BearerTokenHeader ours = new BearerTokenHeader();
        StringBuilder characters = new StringBuilder("\uD83D\uDE00"); // a surrogate pair, beside every Latin one
        for (char c = 1; c < 0x300; c++) {
            if (c != '\r' && c != '\n') { // a header value holds no line break (Netty ends the header there)
                characters.append(c);
            }
        }
        for (int i = 0; i < characters.length(); i++) {
            String c = String.valueOf(characters.charAt(i));
            for (String header : List.of("Bearer " + c, "Bearer a" + c, "Bearer " + c + "a", "Bearer a=" + c,
                    "Bearer a" + c + "=", c + "earer a", "Bearer" + c + "a")) {
                assertThat(outcome(ours, header)).as("%s (U+%04X)", header, (int) characters.charAt(i))
                        .isEqualTo(outcome(spring, header));
            }
        }
    }

    private static String outcome(ServerAuthenticationConverter converter, String header) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/profile/me");
        if (header != null) {
            request.header("Authorization", header);
        }
        try {
            Authentication read = converter.convert(MockServerWebExchange.from(request)).blockOptional().orElse(null);
            return read == null ? "none" : "token " + read.getCredentials();
        } catch (OAuth2AuthenticationException e) {
            return "error " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }
}
