package app.platform.identity.token;

import app.platform.identity.legacy.adapter.in.web.LegacyTokenGrant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A public client's refresh (OAuth 2.0 for Browser-Based Apps, §6.3.2), and its exchange of a Supabase session
 * ({@code LegacyTokenGrant}): Spring authenticates a client without a secret only on a PKCE code exchange. Here these
 * present the {@code client_id} alone; the refresh token ({@link RefreshTokens}), rotated on every use with reuse
 * detection (the token store's {@code RefreshTokenReuse}), or the Supabase session, exchanged once, is the proof.
 */
public final class PublicClientRefresh implements AuthenticationConverter, AuthenticationProvider {

    private static final String TOKEN_ENDPOINT = "/oauth2/token";
    private final RegisteredClientRepository clients;

    /** Not a bean: an {@code AuthenticationProvider} bean would replace the password sign-in's own provider. */
    public PublicClientRefresh(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    /**
     * A refresh or legacy exchange request to the token endpoint with a {@code client_id} and no client credentials at all (the client
     * authentication filter also guards introspection and revocation: those still need a confidential client).
     */
    @Override
    public Authentication convert(HttpServletRequest request) {
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        boolean publicRefresh = "POST".equals(request.getMethod()) && TOKEN_ENDPOINT.equals(request.getRequestURI())
                && request.getAttribute("jakarta.servlet.request.X509Certificate") == null
                && (AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || LegacyTokenGrant.requested(request))
                && clientIds != null && clientIds.length == 1 && !clientIds[0].isBlank()
                && request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) == null
                && request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) == null
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
        return publicRefresh ? new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
                Map.of(OAuth2ParameterNames.GRANT_TYPE, request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) : null;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var presented = (OAuth2ClientAuthenticationToken) authentication;
        // only a refresh or a legacy exchange: a public client's code exchange must prove its PKCE verifier to
        // Spring's own provider
        Object grant = presented.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE);
        AuthorizationGrantType type = AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant)
                ? AuthorizationGrantType.REFRESH_TOKEN
                : LegacyTokenGrant.TOKEN_EXCHANGE.getValue().equals(grant) ? LegacyTokenGrant.TOKEN_EXCHANGE : null;
        if (!ClientAuthenticationMethod.NONE.equals(presented.getClientAuthenticationMethod())
                || presented.getCredentials() != null || type == null) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(String.valueOf(presented.getPrincipal()));
        if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                || !client.getAuthorizationGrantTypes().contains(type)) {
            // a PKCE code exchange is authenticated by Spring's own provider; anything else here is refused
            return null;
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
