package app.platform.gateway.ratelimit;

import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Per-user rate limit on authenticated calls (the token's subject), applied once the token was checked. */
@Component
class UserRateLimitFilter implements GlobalFilter, Ordered {

    private final Limiters.Limiter perUser;

    UserRateLimitFilter(Limiters limiters, RateLimitSettings settings) {
        this.perUser = limiters.of("user", settings.user().burst(), settings.user().perSecond());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(a -> a != null && a.isAuthenticated() && a.getName() != null)
                .flatMap(a -> perUser.take(a.getName()))
                .defaultIfEmpty(Duration.ZERO)
                .flatMap(wait -> wait.isZero() ? chain.filter(exchange) : RateLimitFilter.tooMany(exchange, wait));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
