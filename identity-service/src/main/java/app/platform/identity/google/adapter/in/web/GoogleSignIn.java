package app.platform.identity.google.adapter.in.web;

import app.platform.identity.google.application.GoogleAccounts;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * "Sign in with Google" on the hosted sign-in page, switched on by {@code identity.google.client-id}. The provider
 * is found by OIDC discovery at {@code identity.google.issuer} (Google's own by default; a local OIDC server in
 * tests). The Google identity becomes a platform user by {@link GoogleAccounts}, then goes through
 * {@link SignInFlow} like a password sign-in (so TOTP applies too).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${identity.google.client-id:}'.isBlank()")
public class GoogleSignIn {

    private static final Logger log = LoggerFactory.getLogger(GoogleSignIn.class);
    private static final String USER_ID = "platform_user_id";

    @Bean
    ClientRegistrationRepository googleRegistration(GoogleSettings settings) {
        ClientRegistration google = ClientRegistrations.fromIssuerLocation(settings.issuer())
                .registrationId(GoogleAccounts.PROVIDER)
                .clientName("Google")
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .scope("openid", "email", "profile")
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        log.info("Google sign-in on, provider {}", settings.issuer());
        return new InMemoryClientRegistrationRepository(google);
    }

    /** Applies Google sign-in to the hosted pages' chain. */
    public static void apply(HttpSecurity http, GoogleAccounts accounts, SignInFlow flow) throws Exception {
        OidcUserService oidc = new OidcUserService();
        http.oauth2Login(login -> login
                .loginPage("/login") // ours, with the other ways in: not straight to Google
                .userInfoEndpoint(u -> u.oidcUserService(request -> platformUser(oidc.loadUser(request), accounts)))
                .successHandler((request, response, authentication) -> flow.firstFactorPassed(request, response,
                        UUID.fromString(authentication.getName()), SignInFlow.GOOGLE, "google"))
                .failureUrl("/login?error"));
    }

    private static OidcUser platformUser(OidcUser google, GoogleAccounts accounts) {
        try {
            UUID userId = accounts.signIn(google.getSubject(), google.getEmail(),
                    Boolean.TRUE.equals(google.getEmailVerified()));
            Map<String, Object> claims = new LinkedHashMap<>(google.getUserInfo() == null ? Map.of()
                    : google.getUserInfo().getClaims());
            claims.put(USER_ID, userId.toString());
            return new DefaultOidcUser(google.getAuthorities(), google.getIdToken(), new OidcUserInfo(claims), USER_ID);
        } catch (GoogleAccounts.Refused e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", e.getMessage(), null));
        } catch (RuntimeException invalidAddress) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_user", "unusable Google account", null));
        }
    }
}
