package app.platform.identity.session.adapter.in.web;

import app.platform.events.EventMetadata;
import app.platform.identity.session.application.UserSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * OIDC RP-initiated logout ({@code /connect/logout} with {@code id_token_hint}): besides ending the browser session
 * (Spring's handler, which also redirects to the registered {@code post_logout_redirect_uri}), the session the ID
 * token belongs to is revoked with every refresh token in it, and {@code SessionRevoked} says {@code signed_out}.
 */
@Component
public class SignOut implements AuthenticationSuccessHandler {

    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
    private final OAuth2AuthorizationService authorizations;
    private final UserSessions sessions;
    private final OidcLogoutAuthenticationSuccessHandler browser = new OidcLogoutAuthenticationSuccessHandler();

    SignOut(OAuth2AuthorizationService authorizations, UserSessions sessions) {
        this.authorizations = authorizations;
        this.sessions = sessions;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        if (authentication instanceof OidcLogoutAuthenticationToken logout && logout.getIdToken() != null) {
            OAuth2Authorization session = authorizations.findByToken(logout.getIdToken().getTokenValue(), ID_TOKEN);
            if (session != null) {
                UUID userId = UUID.fromString(session.getPrincipalName());
                sessions.revoke(userId, session.getId(), null, "signed_out",
                        EventMetadata.ofUser(null, userId));
            }
        }
        browser.onAuthenticationSuccess(request, response, authentication);
    }
}
