package app.platform.identity.token.adapter.out.persistence;

import app.platform.crypto.Sha256;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * The token store keeps SHA-256 hashes of the codes and tokens, never the values: a copy of the database yields no
 * usable refresh token. A lookup always hashes the presented value (a stored hash presented is hashed again, and
 * matches nothing); the authorization found carries the presented value again (Spring's revocation and introspection
 * look the token up in it by value). On save, a token whose value is the stored one (an authorization read back and
 * saved again) is kept as it is; every other value is hashed.
 */
final class HashedTokens {

    private static final String PREFIX = "sha256:";

    private HashedTokens() {
    }

    /** The stored form of a presented or new value: always its hash, whatever it looks like. */
    static String hash(String value) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(value));
    }

    /**
     * The authorization as it is stored: each token hashed, but for a value that is already one of the {@code stored}
     * values (the row's as the store holds them, none for a new row), which is kept.
     */
    static OAuth2Authorization hashed(OAuth2Authorization authorization, java.util.Set<String> stored) {
        return map(authorization, value -> stored.contains(value) ? value : hash(value));
    }

    /** A stored authorization with the presented token's value put back. */
    static OAuth2Authorization revealed(OAuth2Authorization authorization, String presented) {
        if (authorization == null) {
            return null;
        }
        String stored = hash(presented);
        return map(authorization, value -> value.equals(stored) ? presented : value);
    }

    private static OAuth2Authorization map(OAuth2Authorization authorization, UnaryOperator<String> values) {
        OAuth2Authorization.Builder copy = OAuth2Authorization.from(authorization);
        for (Class<? extends OAuth2Token> type : java.util.List.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class,
                OAuth2RefreshToken.class, OidcIdToken.class)) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
            if (token != null) {
                copy.token(withValue(token.getToken(), values.apply(token.getToken().getTokenValue())));
            }
        }
        return copy.build();
    }

    private static OAuth2Token withValue(OAuth2Token token, String value) {
        return switch (token) {
            case OAuth2AuthorizationCode c -> new OAuth2AuthorizationCode(value, c.getIssuedAt(), c.getExpiresAt());
            case OAuth2AccessToken a -> new OAuth2AccessToken(a.getTokenType(), value, a.getIssuedAt(), a.getExpiresAt(),
                    a.getScopes());
            case OAuth2RefreshToken r -> new OAuth2RefreshToken(value, r.getIssuedAt(), r.getExpiresAt());
            case OidcIdToken i -> new OidcIdToken(value, i.getIssuedAt(), i.getExpiresAt(), i.getClaims());
            default -> token;
        };
    }
}
