package app.platform.identity.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens for every client allowed the grant, public ones too: the browser apps that Supabase's frontends
 * are get them (Spring issues none to a client without a secret; {@link PublicClientRefresh} lets them refresh).
 * A public client's lifetime is bound to the session: a rotated token never outlives the first one of its sign-in,
 * so it signs in again at the latest {@code refresh-token-time-to-live} after it last did. A confidential client's
 * lifetime slides, as Spring's does. A refresh within the reuse interval of its token's rotation gets the session's
 * current token again ({@link RefreshTokenSettings}).
 */
final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final Clock clock;
    private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);

    RefreshTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
        RegisteredClient client = context.getRegisteredClient();
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
                || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            return null;
        }
        var previous = context.getAuthorization() == null ? null : context.getAuthorization().getRefreshToken();
        if (previous != null && context.getAuthorizationGrant() instanceof OAuth2RefreshTokenAuthenticationToken refresh
                && !refresh.getRefreshToken().equals(previous.getToken().getTokenValue())) {
            // the presented token was rotated away a moment ago, and the session was found by the token that
            // replaced it (RefreshTokenSettings' reuse interval): answered with that one, not rotated again
            return previous.getToken();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(client.getTokenSettings().getRefreshTokenTimeToLive());
        if (client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE) && previous != null
                && previous.getToken().getExpiresAt() != null && previous.getToken().getExpiresAt().isBefore(expiresAt)) {
            expiresAt = previous.getToken().getExpiresAt();
        }
        return new OAuth2RefreshToken(values.generateKey(), now, expiresAt);
    }
}
