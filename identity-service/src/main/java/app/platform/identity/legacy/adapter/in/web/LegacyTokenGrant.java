package app.platform.identity.legacy.adapter.in.web;

import app.platform.identity.legacy.application.LegacySessions;
import app.platform.identity.legacy.application.LegacySessions.Accepted;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import app.platform.identity.signin.adapter.in.web.SignInOutcomes;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * RFC 8693 token exchange at {@code /oauth2/token} for what a browser holds of a Supabase session: {@code
 * grant_type=urn:ietf:params:oauth:grant-type:token-exchange}, the {@code subject_token} and a {@code
 * subject_token_type} of ours, {@link #REFRESH_TOKEN} (a Supabase refresh token) or {@link #ACCESS_TOKEN} (a Supabase
 * access token). Accepted once per Supabase session ({@link LegacySessions}), it issues a platform session under the
 * same user id, as a sign-in would: an access token (its {@code amr} {@code legacy_session}, {@code aal2} when the
 * Supabase session was and its factor came over) and a refresh token for a client allowed refreshes, with
 * {@code issued_token_type} {@code urn:ietf:params:oauth:token-type:access_token}, and no ID token (the scopes asked
 * for, else the client's, without {@code openid}). A public client (a browser app)
 * presents its {@code client_id} alone ({@code PublicClientRefresh}); the client must be allowed the grant. Accepted,
 * it is a sign-in like any other ({@code UserSignedIn}, {@code legacy_session}). Refused,
 * {@code invalid_grant}, as problem+json ({@code TokenEndpointProblems}). Spring's own token exchange (of tokens this
 * server issued) keeps the standard subject token types.
 */
public final class LegacyTokenGrant implements AuthenticationConverter, AuthenticationProvider {

    public static final AuthorizationGrantType TOKEN_EXCHANGE = AuthorizationGrantType.TOKEN_EXCHANGE;
    public static final String REFRESH_TOKEN = "urn:supabase:params:oauth:token-type:refresh_token";
    public static final String ACCESS_TOKEN = "urn:supabase:params:oauth:token-type:access_token";
    public static final Set<String> SUBJECT_TOKEN_TYPES = Set.of(REFRESH_TOKEN, ACCESS_TOKEN);
    private static final String ISSUED = "urn:ietf:params:oauth:token-type:access_token";
    /** The second factor a Supabase {@code aal2} session keeps, by the type of its factor that came over. */
    private static final Map<String, String> SECOND_FACTORS = Map.of("totp", SignInFlow.TOTP,
            "webauthn", SignInFlow.SECURITY_KEY);

    private final LegacySessions sessions;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;
    private final OAuth2AuthorizationService authorizations;
    private final TransactionTemplate tx;
    private final SignInOutcomes outcomes;
    private final Clock clock;

    public LegacyTokenGrant(LegacySessions sessions, OAuth2TokenGenerator<? extends OAuth2Token> tokens,
                            OAuth2AuthorizationService authorizations, TransactionTemplate tx, SignInOutcomes outcomes,
                            Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.authorizations = authorizations;
        this.tx = tx;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** Whether a token request is this exchange (whichever client asks). */
    public static boolean requested(HttpServletRequest request) {
        return TOKEN_EXCHANGE.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                && SUBJECT_TOKEN_TYPES.contains(request.getParameter(OAuth2ParameterNames.SUBJECT_TOKEN_TYPE));
    }

    /** The exchange request, once the client is authenticated. */
    static final class Exchange extends OAuth2AuthorizationGrantAuthenticationToken {
        final String subjectToken;
        final String subjectTokenType;
        final Set<String> scopes;

        Exchange(Authentication client, String subjectToken, String subjectTokenType, Set<String> scopes) {
            super(TOKEN_EXCHANGE, client, Map.of());
            this.subjectToken = subjectToken;
            this.subjectTokenType = subjectTokenType;
            this.scopes = scopes;
        }
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!requested(request)) {
            return null;
        }
        String[] subject = request.getParameterValues(OAuth2ParameterNames.SUBJECT_TOKEN);
        if (subject == null || subject.length != 1 || !StringUtils.hasText(subject[0])
                || request.getParameter(OAuth2ParameterNames.ACTOR_TOKEN) != null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "Give one subject_token (and no actor_token).", null));
        }
        String scope = request.getParameter(OAuth2ParameterNames.SCOPE);
        Set<String> scopes = StringUtils.hasText(scope) ? new HashSet<>(Arrays.asList(scope.trim().split("\\s+")))
                : Set.of();
        return new Exchange(SecurityContextHolder.getContext().getAuthentication(), subject[0].trim(),
                request.getParameter(OAuth2ParameterNames.SUBJECT_TOKEN_TYPE), scopes);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Exchange exchange = (Exchange) authentication;
        if (!(exchange.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
                || client.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        RegisteredClient registered = client.getRegisteredClient();
        if (!registered.getAuthorizationGrantTypes().contains(TOKEN_EXCHANGE)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
        }
        if (!registered.getScopes().containsAll(exchange.scopes)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
        // no openid: an exchange issues no ID token (Spring's refresh of an OIDC session expects an earlier one)
        Set<String> scopes = new HashSet<>(exchange.scopes.isEmpty() ? registered.getScopes() : exchange.scopes);
        scopes.remove(OidcScopes.OPENID);
        // the exchange recorded, the platform session saved and bound to it, in one transaction: a failure leaves the
        // Supabase session unspent; a refusal (its reuse revoking what it became) commits
        Issued issued = tx.execute(status -> issue(exchange, client, registered, scopes));
        if (issued == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "This Supabase session cannot be exchanged: sign in.", null));
        }
        outcomes.signedIn(issued.userId(), "legacy_session");
        return issued.token();
    }

    private record Issued(UUID userId, OAuth2AccessTokenAuthenticationToken token) {
    }

    private Issued issue(Exchange exchange, OAuth2ClientAuthenticationToken client, RegisteredClient registered,
                         Set<String> scopes) {
        Optional<Accepted> accepted = REFRESH_TOKEN.equals(exchange.subjectTokenType)
                ? sessions.refreshToken(exchange.subjectToken) : sessions.accessToken(exchange.subjectToken);
        if (accepted.isEmpty()) {
            return null;
        }
        Accepted session = accepted.get();
        Authentication user = user(session);
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(registered)
                .id(UUID.randomUUID().toString()).principalName(session.userId().toString())
                .authorizationGrantType(TOKEN_EXCHANGE).authorizedScopes(scopes)
                .attribute(Principal.class.getName(), user);
        DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder().registeredClient(registered)
                .principal(user).authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorization(builder.build()).authorizedScopes(scopes).authorizationGrantType(TOKEN_EXCHANGE)
                .authorizationGrant(exchange);
        OAuth2Token generated = tokens.generate(context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build());
        if (generated == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                    "No access token could be issued.", null));
        }
        OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                generated.getTokenValue(), generated.getIssuedAt(), generated.getExpiresAt(), scopes);
        if (generated instanceof ClaimAccessor claims) {
            builder.token(access, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
                    claims.getClaims()));
        } else {
            builder.accessToken(access);
        }
        OAuth2RefreshToken refresh = null;
        if (registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)
                && tokens.generate(context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build()) instanceof OAuth2RefreshToken r) {
            refresh = r;
            builder.refreshToken(r);
        }
        OAuth2Authorization authorization = builder.build();
        authorizations.save(authorization);
        sessions.became(session, authorization.getId());
        return new Issued(session.userId(), new OAuth2AccessTokenAuthenticationToken(registered, client, access,
                refresh, Map.of(OAuth2ParameterNames.ISSUED_TOKEN_TYPE, ISSUED)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return Exchange.class.isAssignableFrom(authentication);
    }

    /**
     * The signed-in user, as a sign-in makes one: the legacy session, and the second factor the session keeps, each at
     * the Supabase session's start (the token's {@code auth_time}), not at the exchange.
     */
    private static Authentication user(Accepted session) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        authorities.add(FactorGrantedAuthority.withAuthority(SignInFlow.LEGACY_SESSION).issuedAt(session.signedInAt())
                .build());
        if (session.secondFactor() != null) {
            authorities.add(FactorGrantedAuthority.withAuthority(SECOND_FACTORS.get(session.secondFactor()))
                    .issuedAt(session.signedInAt()).build());
        }
        User principal = new User(session.userId().toString(), "", authorities);
        principal.eraseCredentials();
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    }
}
