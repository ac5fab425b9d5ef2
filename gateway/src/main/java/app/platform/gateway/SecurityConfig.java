package app.platform.gateway;

import org.springframework.context.annotation.Bean;
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
            "/webauthn/**", "/userinfo", "/default-ui.css",
            "/error", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    /** Sign-up, and the mailed links that are followed before anyone is signed in. */
    static final String[] PUBLIC_POSTS = {"/api/identity/users", "/api/identity/email-verification/confirm",
            "/api/identity/password-reset", "/api/identity/password-reset/confirm"};

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        return http
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
