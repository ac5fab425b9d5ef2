package app.platform.identity.legacy.adapter.in.web;

import app.platform.events.EventJson;
import app.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The token endpoint's refusals: a legacy token exchange's ({@link LegacyTokenGrant#requested}) as RFC 9457
 * problem+json that still carries RFC 6749's {@code error} and {@code error_description} (a frontend's migration
 * script reads either); every other grant's as Spring writes them, for the OAuth clients that expect just that.
 */
public final class TokenEndpointProblems implements AuthenticationFailureHandler {

    private final AuthenticationFailureHandler standard = new OAuth2ErrorAuthenticationFailureHandler();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException, jakarta.servlet.ServletException {
        if (!LegacyTokenGrant.requested(request) || !(failure instanceof OAuth2AuthenticationException oauth)) {
            standard.onAuthenticationFailure(request, response, failure);
            return;
        }
        String code = oauth.getError().getErrorCode();
        HttpStatus status = switch (code) {
            case OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
            case OAuth2ErrorCodes.SERVER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
        String detail = oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                : "The token exchange was refused (" + code + ").";
        Map<String, Object> body = new LinkedHashMap<>(Problems.of(status, detail, request.getRequestURI()));
        body.put("error", code);
        body.put("error_description", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(EventJson.MAPPER.writeValueAsBytes(body));
    }
}
