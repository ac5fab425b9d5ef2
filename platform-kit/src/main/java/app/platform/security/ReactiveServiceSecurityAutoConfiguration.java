package app.platform.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Zero trust for the reactive services: every {@code /api/**} call carries a valid token from identity-service,
 * whatever the gateway already checked; {@code /api/<service>/admin/**} (and the paths a service lists in
 * {@code platform.security.admin-paths}) needs the admin role ({@link PlatformRoles}), and
 * {@code /api/<service>/internal/**} a service's client-credentials token (scope {@code services}).
 * Health and metrics stay open for the probes, and so do the paths a service lists in
 * {@code platform.security.public-paths} (billing's provider webhooks, which prove themselves by signature).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ServerHttpSecurity.class, ReactiveJwtDecoder.class})
public class ReactiveServiceSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain serviceSecurity(ServerHttpSecurity http,
                                           @Value("${platform.security.public-paths:}") String[] publicPaths,
                                           @Value("${platform.security.admin-paths:}") String[] adminPaths) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(a -> {
                    a.pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs",
                            "/v3/api-docs/**").permitAll();
                    if (publicPaths.length > 0) {
                        a.pathMatchers(publicPaths).permitAll();
                    }
                    if (adminPaths.length > 0) {
                        a.pathMatchers(adminPaths).hasRole("ADMIN");
                    }
                    a.pathMatchers("/api/*/admin/**").hasRole("ADMIN")
                            .pathMatchers("/api/*/internal/**").hasAuthority("SCOPE_services")
                            .pathMatchers("/api/**").authenticated()
                            .anyExchange().denyAll();
                })
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformRoles.reactiveConverter())))
                .build();
    }
}
