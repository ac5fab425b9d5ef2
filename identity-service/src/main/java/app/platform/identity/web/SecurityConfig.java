package app.platform.identity.web;

import static org.springframework.security.config.Customizer.withDefaults;

import app.platform.identity.google.adapter.in.web.GoogleSignIn;
import app.platform.identity.google.application.GoogleAccounts;
import app.platform.identity.legacy.adapter.in.web.LegacyTokenGrant;
import app.platform.identity.legacy.adapter.in.web.TokenEndpointProblems;
import app.platform.identity.legacy.application.LegacySessions;
import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.passkey.application.Passkeys;
import app.platform.identity.passkey.adapter.in.web.StoredCreationOptions;
import app.platform.identity.session.adapter.in.web.SignOut;
import app.platform.identity.session.adapter.in.web.SignOutPages;
import app.platform.identity.signin.application.ThrottleSettings;
import app.platform.identity.signin.adapter.in.web.SignInFlow;
import app.platform.identity.signin.adapter.in.web.SignInOutcomes;
import app.platform.identity.signin.adapter.in.web.UserVerifiedPasskeys;
import app.platform.identity.token.ClientSecrets;
import app.platform.identity.token.PublicClientRefresh;
import app.platform.identity.user.application.UserRepository;
import app.platform.security.PlatformRoles;
import app.platform.security.StepUp;
import app.platform.web.servlet.ProblemResponses;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/** Three chains: the OAuth2/OIDC endpoints, the JSON API (bearer tokens), and the hosted sign-in pages. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityConfig.PasskeySettings.class)
class SecurityConfig {

    /** The API calls made before anyone is signed in. */
    static final String[] PUBLIC_API = {"/api/identity/users", "/api/identity/email-verification/confirm",
            "/api/identity/password-reset", "/api/identity/password-reset/confirm"};

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, SignOut signOut, RegisteredClientRepository registered,
                                            UserRepository users, TwoFactor twoFactor, Passkeys passkeys, Clock clock,
                                            LegacySessions legacySessions, OAuth2TokenGenerator<?> tokens,
                                            OAuth2AuthorizationService authorizations, TransactionTemplate tx,
                                            SignInOutcomes outcomes) throws Exception {
        PublicClientRefresh publicRefresh = new PublicClientRefresh(registered);
        LegacyTokenGrant legacyExchange = new LegacyTokenGrant(legacySessions, tokens, authorizations, tx, outcomes,
                clock);
        http.oauth2AuthorizationServer(as -> {
                    http.securityMatcher(as.getEndpointsMatcher());
                    // ID tokens are signed ES256 for the clients that registered it (the platform's own), RS256 else
                    as.oidc(oidc -> oidc.logoutEndpoint(logout -> logout.logoutResponseHandler(signOut))
                            .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
                                    metadata -> metadata.idTokenSigningAlgorithms(algorithms -> {
                                        if (!algorithms.contains("ES256")) {
                                            algorithms.add("ES256");
                                        }
                                    }))));
                    as.authorizationEndpoint(a -> a.consentPage("/oauth2/consent"));
                    // a Supabase session exchanged for a platform one (RFC 8693, our subject token types)
                    as.tokenEndpoint(t -> t.accessTokenRequestConverter(legacyExchange)
                            .authenticationProvider(legacyExchange).errorResponseHandler(new TokenEndpointProblems()));
                    as.clientAuthentication(clients -> clients
                            .authenticationConverter(publicRefresh)
                            .authenticationProvider(publicRefresh)
                            .authenticationProviders(providers -> providers.forEach(p -> {
                                if (p instanceof ClientSecretAuthenticationProvider secrets) {
                                    secrets.setPasswordEncoder(new ClientSecrets());
                                }
                            })));
                })
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(SignOutPages.unproven(), SecurityContextHolderFilter.class)
                .addFilterBefore(new ActiveAccountFilter(users), AuthorizationFilter.class)
                .addFilterBefore(new StepUpRequests(user -> twoFactor.enabled(user) || !passkeys.list(user).isEmpty(),
                        clock), AuthorizationFilter.class)
                .oauth2ResourceServer(rs -> rs.jwt(withDefaults()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, UserRepository users) throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new ActiveAccountFilter(users), AuthorizationFilter.class)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, PUBLIC_API).permitAll()
                        .requestMatchers("/api/identity/admin/**").hasAuthority(StepUp.AUTHORITY)
                        .requestMatchers("/api/identity/internal/**").hasAuthority("SCOPE_services")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .oauth2ResourceServer(rs -> rs.authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformRoles.converter())));
        return http.build();
    }

    /**
     * The hosted pages ({@code HostedPage} controllers): sign-in (password, passkey, Google when configured), its
     * second step and challenge, sign-up, the mailed links, passkey registration ({@code /passkeys/new}, over Spring's
     * {@code /webauthn/register} endpoints), consent and sign-out; under a strict Content-Security-Policy.
     */
    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, SignInFlow flow, PasskeySettings passkeys,
                              GoogleAccounts google, ObjectProvider<ClientRegistrationRepository> googleClient,
                              UserRepository users, WebAuthnRelyingPartyOperations ceremonies,
                              UserDetailsService accounts, SignOutPages signOutPages, Branding branding,
                              ThrottleSettings throttles) throws Exception {
        String captcha = throttles.challenge().captcha().enabled() ? throttles.challenge().captcha().scriptUrl() : null;
        http.addFilterBefore(new ActiveAccountFilter(users), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error",
                                "/login", "/login/totp", "/login/totp/security-key", "/login/totp/security-key/options", "/login/legacy", "/login/challenge", "/assets/**", "/v3/api-docs",
                                "/v3/api-docs/**", "/signup", "/signup/passkey", "/verify-email", "/forgot-password",
                                "/reset-password", "/confirm-email-change", "/logout", "/account", "/account/", "/admin", "/admin/",
                                "/invitations")
                        .permitAll()
                        .anyRequest().authenticated())
                // the legacy token is the credential (a header, never ambient): no CSRF token to ask for
                .csrf(c -> c.ignoringRequestMatchers("/login/legacy"))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        HostedPages.contentSecurityPolicy(branding, captcha))))
                .formLogin(form -> form.loginPage("/login").successHandler(flow).permitAll())
                .logout(out -> out.logoutSuccessHandler(signOutPages.afterSignOut()))
                .webAuthn(w -> w.rpId(passkeys.rpId()).rpName(passkeys.rpName()).disableDefaultRegistrationPage(true)
                        .allowedOrigins(Set.copyOf(passkeys.allowedOrigins()))
                        .creationOptionsRepository(new StoredCreationOptions())
                        .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                            @Override
                            public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                                // Spring's passkey sign-in keeps the session id it came with (spring-security#16685)
                                filter.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
                                // and counts a passkey as two factors even without user verification
                                filter.setAuthenticationManager(new ProviderManager(new UserVerifiedPasskeys(
                                        new WebAuthnAuthenticationProvider(ceremonies, accounts))));
                                filter.setAuthenticationSuccessHandler(flow::passkeySignedIn);
                                return filter;
                            }
                        }));
        if (googleClient.getIfAvailable() != null) {
            GoogleSignIn.apply(http, google, flow);
        }
        return http.build();
    }

    /** The passkey ceremonies (registration and sign-in) of our relying party, over the passkey store. */
    @Bean
    WebAuthnRelyingPartyOperations passkeyCeremonies(PublicKeyCredentialUserEntityRepository userEntities,
                                                     UserCredentialRepository credentials, PasskeySettings passkeys) {
        return new Webauthn4JRelyingPartyOperations(userEntities, credentials,
                PublicKeyCredentialRpEntity.builder().id(passkeys.rpId()).name(passkeys.rpName()).build(),
                Set.copyOf(passkeys.allowedOrigins()));
    }

    /** {@code identity.passkeys.*}: the relying party (the site's domain) and the page origins passkeys work on. */
    @ConfigurationProperties("identity.passkeys")
    record PasskeySettings(String rpId, String rpName, List<String> allowedOrigins) {
    }
}
