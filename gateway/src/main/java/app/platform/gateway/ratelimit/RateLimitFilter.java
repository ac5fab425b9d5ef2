package app.platform.gateway.ratelimit;

import app.platform.gateway.ForwardedClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rate limits per client address on every request, before even the token is checked, and stricter on the sign-in,
 * sign-up and token endpoints; per user (the token's subject) once authenticated ({@link UserRateLimitFilter}).
 * Over the limit: 429 problem+json with {@code Retry-After}. The address is the client's ({@link ForwardedClient}). The buckets are
 * in memory, or shared by every replica in Redis ({@link Limiters}).
 */
@Component
@Order(-200) // before Spring Security's filter chain (-100)
class RateLimitFilter implements WebFilter {

    static final List<String> AUTH_PATHS = List.of("/login", "/login/**", "/oauth2/token", "/oauth2/authorize",
            "/api/identity/users", "/api/identity/password-reset/**", "/api/identity/password-reset",
            "/api/identity/email-verification/**", "/webauthn/**", "/signup", "/signup/**", "/forgot-password",
            "/reset-password", "/verify-email", "/confirm-email-change");
    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private final Limiters.Limiter perAddress;
    private final Limiters.Limiter perAddressOnAuth;

    RateLimitFilter(Limiters limiters, RateLimitSettings settings) {
        this.perAddress = limiters.of("address", settings.address().burst(), settings.address().perSecond());
        this.perAddressOnAuth = limiters.of("auth", settings.auth().burst(), settings.auth().perSecond());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String address = ForwardedClient.address(exchange);
        String path = decoded(request);
        boolean auth = AUTH_PATHS.stream().anyMatch(p -> PATHS.match(p, path));
        return perAddress.take(address)
                .flatMap(wait -> wait.isZero() && auth ? perAddressOnAuth.take(address) : Mono.just(wait))
                .flatMap(wait -> wait.isZero() ? chain.filter(exchange) : tooMany(exchange, wait));
    }

    /**
     * The path as routing and Spring Security match it: each segment decoded, so {@code POST /l%6Fgin} counts as
     * {@code /login}.
     */
    static String decoded(ServerHttpRequest request) {
        try {
            return request.getPath().pathWithinApplication().elements().stream()
                    .map(e -> e instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : e.value())
                    .collect(Collectors.joining());
        } catch (IllegalArgumentException notUtf8) {
            return request.getPath().value(); // refused as 400 by the problem filter before routing anyway
        }
    }

    static Mono<Void> tooMany(ServerWebExchange exchange, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set("Retry-After", String.valueOf(seconds));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"Slow down: try again in " + seconds + " seconds.\"}").getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
