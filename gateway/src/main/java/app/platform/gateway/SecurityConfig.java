package app.platform.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
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
 * The gateway checks every token against identity's JWKS before routing; the public routes are listed here and
 * nowhere else. Services check the token again (zero trust).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String[] PUBLIC = {"/oauth2/**", "/.well-known/**", "/login", "/login/**", "/logout", "/connect/**",
            "/webauthn/**", "/userinfo", "/default-ui.css", "/fallback/**", "/docs", "/docs/**", "/v3/api-docs/**",
            "/webjars/**",
            "/error", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    /** Sign-up, the mailed links that are followed before anyone is signed in, and the payment provider's webhooks (signed). */
    static final String[] PUBLIC_POSTS = {"/api/identity/users", "/api/identity/email-verification/confirm",
            "/api/identity/password-reset", "/api/identity/password-reset/confirm",
            "/api/billing/webhooks/**"};

    /**
     * Also the browser-facing hardening: CORS for the frontends' origins ({@code GATEWAY_CORS_ORIGINS}), and the
     * security headers on every response (nosniff, frame deny, no referrer, HSTS on HTTPS).
     */
    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http,
                                           @Value("${gateway.cors.allowed-origins}") List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "X-Correlation-Id", "traceparent"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Correlation-Id", "traceparent"));
        cors.setAllowCredentials(true);
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource corsSource = new UrlBasedCorsConfigurationSource();
        corsSource.registerCorsConfiguration("/**", cors);
        return http
                .cors(c -> c.configurationSource(corsSource))
                .headers(h -> h
                        .frameOptions(f -> f.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(a -> a
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers(HttpMethod.POST, PUBLIC_POSTS).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()))
                .build();
    }
}
