package app.platform.identity.token.adapter.out.persistence;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh-token rotation around the JDBC store. Every refresh issues a new refresh token
 * ({@code reuse-refresh-tokens: false}); the one it replaces goes to the reuse detection ({@link RefreshTokenReuse}),
 * which a replaced token presented again sets off, but within the reuse interval of its rotation while the token that
 * replaced it is still the session's: that refresh is answered with the current token (two tabs, or a page and its
 * middleware, refreshing a moment apart). A refresh grant locks its session's row from its lookup to its save (one
 * transaction: {@code OneRefreshAtATime}), so two with one token at once are taken in turn; a save outside such a
 * transaction still reads the row locked, and one finding the token it presented rotated away meanwhile revokes the
 * session and is refused ({@code invalid_grant}). Each save also tracks the user's session ({@link SessionTracking}).
 * Token values are stored hashed ({@link HashedTokens}).
 */
class RotatingAuthorizationService implements OAuth2AuthorizationService {

    private final AuthorizationTable store;
    private final RefreshTokenReuse reuse;
    private final SessionTracking sessions;
    private final TransactionTemplate tx;
    /**
     * The refresh token (as stored: hashed) a refresh under way on this thread presented, and its authorization, from
     * its lookup to the save of that authorization; cleared by both, and compared only by a save of the same
     * authorization, so one left by a refresh that failed between them never touches another save.
     */
    private final ThreadLocal<Presented> presented = new ThreadLocal<>();

    private record Presented(String authorizationId, String refreshToken) {
    }

    RotatingAuthorizationService(AuthorizationTable store, RefreshTokenReuse reuse, SessionTracking sessions,
                                 TransactionTemplate tx) {
        this.store = store;
        this.reuse = reuse;
        this.sessions = sessions;
        this.tx = tx;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Presented lookup = presented.get();
        presented.remove();
        String refreshedWith = lookup != null && lookup.authorizationId().equals(authorization.getId())
                ? lookup.refreshToken() : null;
        boolean usedTwice = Boolean.TRUE.equals(tx.execute(status -> {
            Optional<AuthorizationTable.StoredTokens> stored = store.storedTokensForUpdate(authorization.getId());
            String before = stored.map(AuthorizationTable.StoredTokens::refreshToken).orElse(null);
            if (refreshedWith != null && !refreshedWith.equals(before)) {
                // another refresh with the same token rotated it while this one was under way (a reuse: the session
                // is revoked), or the session was revoked or signed out meanwhile (it stays so)
                reuse.revokeIfRotatedAway(refreshedWith);
                return true;
            }
            OAuth2Authorization hashed = HashedTokens.hashed(authorization,
                    stored.map(AuthorizationTable.StoredTokens::values).orElse(Set.of()));
            if (before != null && !before.equals(refreshToken(hashed))) {
                reuse.rotatedAway(before, authorization);
            }
            store.save(hashed, stored.isPresent());
            sessions.track(authorization);
            return false;
        }));
        if (usedTwice) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "the refresh token is no longer valid", null));
        }
    }

    /** Every minute, the sealed successors of rotations past the reuse interval are forgotten ({@link RefreshTokenReuse}). */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetSuccessorsPastTheReuseInterval() {
        reuse.forgetSuccessorsPastTheInterval();
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
        presented.remove();
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            // the consent page's state is kept as it is (it is not a token: it only finds the pending authorization,
            // and only for the signed-in user it belongs to)
            return store.findByToken(token, tokenType);
        }
        boolean refresh = OAuth2TokenType.REFRESH_TOKEN.equals(tokenType);
        // a refresh grant locks its session's row to the end of its transaction (OneRefreshAtATime): two refreshes
        // with one token are taken in turn, and the second finds it rotated away
        OAuth2Authorization found = refresh ? store.lockedByRefreshToken(HashedTokens.hash(token))
                : store.findByToken(HashedTokens.hash(token), tokenType);
        String current = token;
        if (found == null && refresh) {
            Optional<String> successor = reuse.successorWithinInterval(token);
            if (successor.isPresent()) {
                // rotated a moment ago: the session, if its token is still the one that replaced it, answers with that
                found = store.lockedByRefreshToken(HashedTokens.hash(successor.get()));
                current = successor.get();
            }
        }
        if (found == null && (tokenType == null || refresh)) {
            tx.executeWithoutResult(status -> reuse.revokeIfReused(token));
        }
        if (found != null && refresh) {
            presented.set(new Presented(found.getId(), HashedTokens.hash(current))); // for the refresh's save
        }
        return HashedTokens.revealed(found, current);
    }

    private static String refreshToken(OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
        return token == null ? null : token.getToken().getTokenValue();
    }
}
