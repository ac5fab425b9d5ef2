package app.platform.gateway;

import app.platform.security.BearerTokenHeader;
import app.platform.security.LegacyTokenWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The gateway checks every token against identity's JWKS before routing, by the rule of every service (platform-kit's
 * {@code AccessTokens}: issuer, {@code typ: at+jwt}, audience; its {@code ReactiveJwtDecoder}); the public routes are
 * listed here and nowhere else. Services check the token again (zero trust).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String[] PUBLIC = {"/oauth2/**", "/.well-known/**", "/login", "/login/**", "/logout", "/connect/**",
            "/webauthn/**", "/passkeys/**", "/assets/**", "/account", "/account/", "/admin", "/admin/", "/invitations", "/userinfo", "/signup", "/signup/**", "/verify-email", "/forgot-password",
            "/reset-password", "/confirm-email-change", "/fallback/**", "/docs", "/docs/**", "/v3/api-docs/**", "/swagger-ui/**", "/webjars/**",
            "/error", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    /** Sign-up, the mailed links that are followed before anyone is signed in, and the payment provider's webhooks (signed). */
    static final String[] PUBLIC_POSTS = {"/api/identity/users", "/api/identity/email-verification/confirm",
            "/api/identity/password-reset", "/api/identity/password-reset/confirm",
            "/api/billing/webhooks/**"};

    /**
     * Also the browser-facing hardening: CORS for the frontends' origins ({@code GATEWAY_CORS_ORIGINS}), and the
     * security headers on every response (nosniff, frame deny, HSTS on HTTPS, and the referrer policy
     * {@code strict-origin-when-cross-origin}: with {@code no-referrer} Chromium posts the hosted pages' forms with
     * {@code Origin: null}, which the CORS check refuses).
     */
    @Bean
    @Order(1)
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, UrlBasedCorsConfigurationSource cors) {
        return harden(http, cors)
                .authorizeExchange(a -> a
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers(HttpMethod.POST, PUBLIC_POSTS).permitAll()
                        // whether the platform is read-only (a failback), for a frontend's banner
                        .pathMatchers(HttpMethod.GET, "/api/cutover/mode").permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.bearerTokenConverter(new BearerTokenHeader()).jwt(Customizer.withDefaults()))
                .build();
    }

    /**
     * The cutover's no-forced-re-login: while the {@link LegacyTokenWindow} is open the gateway accepts a valid legacy
     * Supabase access token (HS256 under the project's secret, its issuer, not expired, audience
     * {@code authenticated}) on {@code POST /login/legacy} and relays it to identity, which exchanges it once for a
     * sign-in; any other token there, or any token outside the window, is refused here with 401.
     */
    @Bean
    @Order(0)
    SecurityWebFilterChain legacySessions(ServerHttpSecurity http, UrlBasedCorsConfigurationSource cors,
                                          LegacyTokenWindow window) {
        harden(http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login/legacy")), cors);
        if (!window.configured()) {
            return http.authorizeExchange(a -> a.anyExchange().denyAll()).build();
        }
        NimbusReactiveJwtDecoder legacy = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(window.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> windowOpen = token -> window.open(Instant.now()) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the legacy window has closed", null));
        legacy.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(window.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("authenticated")),
                windowOpen));
        return http.authorizeExchange(a -> a.anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.bearerTokenConverter(new BearerTokenHeader())
                        .jwt(jwt -> jwt.jwtDecoder(legacy)))
                .build();
    }

    private static ServerHttpSecurity harden(ServerHttpSecurity http, UrlBasedCorsConfigurationSource cors) {
        return http
                // stateless: a request carries its token; the default context repository and request cache each made a
                // web session per request to look in
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .cors(c -> c.configurationSource(cors))
                .headers(h -> h
                        .frameOptions(f -> f.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // POST /logout is identity's (its session, its confirmation page): the gateway has no session to end
                .logout(ServerHttpSecurity.LogoutSpec::disable);
    }

    @Bean
    UrlBasedCorsConfigurationSource corsSource(CorsSettings settings) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(settings.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "X-Correlation-Id", "traceparent"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Correlation-Id", "traceparent"));
        cors.setAllowCredentials(true);
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource corsSource = new UrlBasedCorsConfigurationSource();
        corsSource.registerCorsConfiguration("/**", cors);
        return corsSource;
    }
}
