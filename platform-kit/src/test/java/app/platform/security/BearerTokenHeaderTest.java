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
