package app.platform.identity.token;

import app.platform.identity.token.application.UserClaims;
import app.platform.security.AccessTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens keep the claims of Supabase's, so existing frontends and row policies keep working: {@code sub}
 * (the user UUID), {@code email}, {@code role}, {@code aud} including {@code authenticated}, {@code app_metadata},
 * {@code user_metadata}, {@code aal}, {@code amr}, {@code session_id} and {@code is_anonymous}; plus
 * {@code org_id} and {@code org_role} while the user has picked an active organization.
 */
@Component
public class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> METHODS = Map.of(
            FactorGrantedAuthority.PASSWORD_AUTHORITY, "password",
            FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY, "oauth",
            FactorGrantedAuthority.WEBAUTHN_AUTHORITY, "webauthn",
            "FACTOR_TOTP", "totp",
            "FACTOR_BACKUP_CODE", "recovery_code",
            "FACTOR_SECURITY_KEY", "security_key",
            "FACTOR_LEGACY_SESSION", "legacy_session",
            "FACTOR_PASSKEY_PRESENCE", "passkey_presence",
            "FACTOR_EMAIL_LINK", "email/signup");
    /**
     * A session with one of these is {@code aal2}; a passkey alone counts when it verified the user (possession plus
     * PIN or biometric), not when it only proved possession ({@code passkey_presence}).
     */
    private static final Set<String> SECOND_FACTORS = Set.of("totp", "recovery_code", "security_key", "webauthn");
    private final UserClaims users;

    TokenClaims(UserClaims users) {
        this.users = users;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            // RFC 9068, a user's and a service's alike: resource servers take no other JWT, an ID token included
            context.getJwsHeader().type(AccessTokens.TYPE);
        }
        String subject = context.getPrincipal().getName();
        if (!isUuid(subject)) {
            return; // a client-credentials token: the subject is the client, not a user
        }
        UUID userId = UUID.fromString(subject);
        // a user banned or deleted since the sign-in gets no new token, by code or by refresh
        UserClaims.Profile user = profile(userId).filter(UserClaims.Profile::active)
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                        "The account is disabled.", null)));
        boolean access = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!access && !idToken) {
            return;
        }
        Instant signedInAt = authTime(context.getPrincipal().getAuthorities());
        context.getClaims().claims(claims -> {
            claims.put("email", user.email());
            if (signedInAt != null) {
                claims.put("auth_time", signedInAt.getEpochSecond()); // the last factor passed: step-up and max_age
            }
            if (access) {
                claims.put("role", "authenticated");
                // mutable JDK collections only: the claims are stored with the authorization, and its JSON mapper
                // allows ArrayList and LinkedHashMap but not List.of/Map.of
                claims.put("aud", new ArrayList<>(List.of(context.getRegisteredClient().getClientId(), "authenticated")));
                claims.put("app_metadata", JSON.readValue(user.appMetadata(), Map.class));
                claims.put("user_metadata", JSON.readValue(user.userMetadata(), Map.class));
                claims.put("aal", aal(context.getPrincipal().getAuthorities()));
                claims.put("amr", amr(context.getPrincipal().getAuthorities()));
                claims.put("is_anonymous", user.anonymous());
                if (user.organization() != null) {
                    claims.put("org_id", user.organization().id().toString());
                    claims.put("org_role", user.organization().role());
                }
                if (context.getAuthorization() != null) {
                    claims.put("session_id", context.getAuthorization().getId());
                }
            }
        });
    }

    /**
     * The user's claims, read once per request: a token response signs an access token and an ID token from the same
     * read (the request's attributes keep it; outside a request, each call reads).
     */
    private Optional<UserClaims.Profile> profile(UUID userId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = TokenClaims.class.getName() + "." + userId;
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof UserClaims.Profile p) {
            return Optional.of(p);
        }
        Optional<UserClaims.Profile> read = users.of(userId);
        if (request != null) {
            read.ifPresent(p -> request.setAttribute(key, p, RequestAttributes.SCOPE_REQUEST));
        }
        return read;
    }

    /** {@code aal2} when a second factor was passed (TOTP, a backup code, a security key, a user-verified passkey), else {@code aal1}. */
    public static String aal(Collection<? extends GrantedAuthority> authorities) {
        return amr(authorities).stream().anyMatch(m -> SECOND_FACTORS.contains(((Map<?, ?>) m).get("method")))
                ? "aal2" : "aal1";
    }

    /** When the last factor of the sign-in was passed; null for a sign-in without factors. */
    public static Instant authTime(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().filter(FactorGrantedAuthority.class::isInstance)
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt()).max(Instant::compareTo).orElse(null);
    }

    /** The sign-in factors of the session, as Supabase names them, each with the time it was passed. */
    static List<Object> amr(Collection<? extends GrantedAuthority> authorities) {
        List<Object> amr = new ArrayList<>();
        for (GrantedAuthority authority : authorities) {
            String method = METHODS.get(authority.getAuthority());
            if (method != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("method", method);
                if (authority instanceof FactorGrantedAuthority factor) {
                    entry.put("timestamp", factor.getIssuedAt().getEpochSecond());
                }
                amr.add(entry);
            }
        }
        return amr;
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
