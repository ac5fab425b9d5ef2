package app.platform.identity.web;

import app.platform.identity.google.application.GoogleAccounts;
import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.passkey.application.Passkeys;
import app.platform.identity.session.adapter.in.web.SignOut;
import app.platform.identity.session.adapter.in.web.SignOutPages;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import app.platform.identity.signin.application.ThrottleSettings;
import app.platform.identity.signin.application.HumanCheck;
import app.platform.identity.signin.application.ThrottleStore;
import app.platform.identity.signin.application.Throttles;
import app.platform.identity.user.application.UserRepository;
import app.platform.web.CorrelationAutoConfiguration;
import app.platform.web.StrictJson;
import app.platform.web.servlet.ServletProblems;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * What a web slice of identity-service loads besides its controller ({@code @WebMvcTest(SomeController.class)}), so
 * that the slice answers as the service does: the kit's problem+json ({@link ServletProblems}, with its
 * {@code /error} and its filter of unstorable parameters), strict request JSON ({@link StrictJson}) and correlation id
 * ({@link CorrelationAutoConfiguration}) - registered for the whole application only, so a slice names them - and
 * identity's own {@link SecurityConfig} with its three chains.
 * <p>
 * Those chains are built from a few collaborators that no API call of a slice reaches: the authorization server's
 * clients and settings, the sign-in page's success and sign-out handlers, Google, the users behind form and passkey
 * sign-in. They are mocks here (or, for the settings, the defaults). The API chain's resource server needs a
 * {@link JwtDecoder} to start; tests sign in with {@code jwt()}, so it never decodes anything. The throttle filter is a
 * web component, so the slice has it too, with budgets no test reaches.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({SecurityConfig.class, IdentityWebSlice.Collaborators.class})
@ImportAutoConfiguration({ServletProblems.class, StrictJson.class, CorrelationAutoConfiguration.class})
@MockitoBean(types = {JwtDecoder.class, UserDetailsService.class, RegisteredClientRepository.class, SignOut.class,
        SignInFlow.class, GoogleAccounts.class, PublicKeyCredentialUserEntityRepository.class,
        UserCredentialRepository.class, TwoFactor.class, Passkeys.class,
        app.platform.identity.legacy.application.LegacySessions.class,
        org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator.class,
        org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService.class,
        org.springframework.transaction.support.TransactionTemplate.class,
        app.platform.identity.signin.adapter.in.web.SignInOutcomes.class})
public @interface IdentityWebSlice {

    /** The real objects the slice's security and filters need. */
    @TestConfiguration(proxyBeanMethods = false)
    class Collaborators {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().issuer("http://localhost:8080").build();
        }

        /** Every account is active: the slices test controllers, not bans (SessionsIT and AdminIT do). */
        @Bean
        UserRepository users() {
            UserRepository users = Mockito.mock(UserRepository.class);
            Mockito.when(users.isActive(Mockito.any())).thenReturn(true);
            return users;
        }

        /** Nothing is throttled: the slices test controllers, not throttles (ThrottlingIT does, on PostgreSQL). */
        @Bean
        ThrottleSettings throttleSettings() {
            return new ThrottleSettings(5, 10_000, 10_000, Duration.ofSeconds(1), Duration.ofMinutes(15),
                    Duration.ofMinutes(15), 3, new ThrottleSettings.Challenge(16, 22, Duration.ofMinutes(5),
                    new ThrottleSettings.Captcha("", "", "", "", "", "")), "", Duration.ofMillis(500));
        }

        @Bean
        Throttles throttles(ThrottleSettings settings, UserRepository users) {
            return new Throttles(settings, Mockito.mock(ThrottleStore.class), users);
        }

        /** The hosted pages' defaults. */
        @Bean
        Branding branding() {
            return new Branding("Membership", "", "#1d4ed8", "#ffffff", "");
        }

        /** After a sign-out (never reached by a slice): the sign-in page. */
        @Bean
        SignOutPages signOutPages() {
            SignOutPages pages = Mockito.mock(SignOutPages.class);
            Mockito.when(pages.afterSignOut()).thenReturn((request, response, authentication) ->
                    response.sendRedirect("/login?logout"));
            return pages;
        }

        /** Never asked: nothing is throttled. */
        @Bean
        HumanCheck humanCheck() {
            return Mockito.mock(HumanCheck.class);
        }
    }
}
