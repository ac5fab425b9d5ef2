package app.platform.identity.token.adapter.out.persistence;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh-token rotation around the JDBC store. Every refresh issues a new refresh token
 * ({@code reuse-refresh-tokens: false}); the one it replaces goes to the reuse detection ({@link RefreshTokenReuse}),
 * which a replaced token presented again sets off. Each save also tracks the user's session ({@link SessionTracking}).
 * Token values are stored hashed ({@link HashedTokens}).
 */
class RotatingAuthorizationService implements OAuth2AuthorizationService {

    private final AuthorizationTable store;
    private final RefreshTokenReuse reuse;
    private final SessionTracking sessions;
    private final TransactionTemplate tx;

    RotatingAuthorizationService(AuthorizationTable store, RefreshTokenReuse reuse, SessionTracking sessions,
                                 TransactionTemplate tx) {
        this.store = store;
        this.reuse = reuse;
        this.sessions = sessions;
        this.tx = tx;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        tx.executeWithoutResult(status -> {
            Optional<AuthorizationTable.StoredTokens> stored = store.storedTokens(authorization.getId());
            OAuth2Authorization hashed = HashedTokens.hashed(authorization,
                    stored.map(AuthorizationTable.StoredTokens::values).orElse(Set.of()));
            String before = stored.map(AuthorizationTable.StoredTokens::refreshToken).orElse(null);
            if (before != null && !before.equals(refreshToken(hashed))) {
                reuse.rotatedAway(before, authorization);
            }
            store.save(hashed, stored.isPresent());
            sessions.track(authorization);
        });
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            // the consent page's state is kept as it is (it is not a token: it only finds the pending authorization,
            // and only for the signed-in user it belongs to)
            return store.findByToken(token, tokenType);
        }
        OAuth2Authorization found = store.findByToken(HashedTokens.hash(token), tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            tx.executeWithoutResult(status -> reuse.revokeIfReused(token));
        }
        return HashedTokens.revealed(found, token);
    }

    private static String refreshToken(OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
        return token == null ? null : token.getToken().getTokenValue();
    }
}
