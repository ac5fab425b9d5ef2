package app.platform.security;

import app.platform.web.reactive.ProblemResponses;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Zero trust for a reactive service: every {@code /api/**} call carries a valid access token from identity-service
 * ({@link AccessTokens}, checked by the decoder of {@link AccessTokenAutoConfiguration}), whatever the gateway already
 * checked. {@code /api/<service>/admin/**} and the service's other admin paths need an admin who has stepped up
 * ({@link StepUp}: a recent second-factor sign-in; an admin without one is challenged with 401); {@code /api/<service>/internal/**} a service's client-credentials token (scope
 * {@code services}). Health, metrics and the OpenAPI document stay open, and so do the service's public paths. Each
 * service builds its chain in its own {@code SecurityConfig}, naming its public and admin paths there.
 */
public final class ServiceSecurity {

    private final ServerHttpSecurity http;
    private final List<String> publicPaths = new ArrayList<>();
    private final List<String> adminPaths = new ArrayList<>();

    private ServiceSecurity(ServerHttpSecurity http) {
        this.http = http;
    }

    public static ServiceSecurity of(ServerHttpSecurity http) {
        return new ServiceSecurity(http);
    }

    /** Paths anyone may call: they prove themselves otherwise (a provider's webhook signature). */
    public ServiceSecurity publicPaths(String... paths) {
        publicPaths.addAll(List.of(paths));
        return this;
    }

    /** Paths outside {@code /api/<service>/admin/**} that need the admin role. */
    public ServiceSecurity adminPaths(String... paths) {
        adminPaths.addAll(List.of(paths));
        return this;
    }

    public SecurityWebFilterChain build() {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // no sessions to end: Spring's default answered POST /logout with a redirect to a login page
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(a -> {
                    a.pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs",
                            "/v3/api-docs/**").permitAll();
                    if (!publicPaths.isEmpty()) {
                        a.pathMatchers(publicPaths.toArray(String[]::new)).permitAll();
                    }
                    if (!adminPaths.isEmpty()) {
                        a.pathMatchers(adminPaths.toArray(String[]::new)).hasAuthority(StepUp.AUTHORITY);
                    }
                    a.pathMatchers("/api/*/admin/**").hasAuthority(StepUp.AUTHORITY)
                            .pathMatchers("/api/*/internal/**").hasAuthority("SCOPE_services")
                            .pathMatchers("/api/**").authenticated()
                            .anyExchange().denyAll();
                })
                .exceptionHandling(e -> e.accessDeniedHandler(ServiceSecurity::denied))
                // stateless: every request carries its token; the default context repository and request cache each
                // made a web session per request to look in (a secure-random id, off the event loop and back: 41% of
                // a service's CPU on a GET ran on the thread it came back on)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .oauth2ResourceServer(rs -> rs.accessDeniedHandler(ServiceSecurity::denied)
                        .bearerTokenConverter(new BearerTokenHeader())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformRoles.reactiveConverter())))
                .build();
    }

    /** 403 problem; an admin who has not stepped up is challenged instead (401, RFC 9470). */
    private static Mono<Void> denied(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal().filter(Authentication.class::isInstance).cast(Authentication.class)
                .map(StepUp::needed).defaultIfEmpty(false)
                .flatMap(challenge -> {
                    if (!challenge) {
                        return ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, null);
                    }
                    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, StepUp.CHALLENGE);
                    return ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED, StepUp.DETAIL);
                });
    }
}
