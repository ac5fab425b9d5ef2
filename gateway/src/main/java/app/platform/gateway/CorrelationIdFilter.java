package app.platform.gateway;

import app.platform.web.Correlation;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every request leaves the gateway with an {@code X-Correlation-Id} and a W3C {@code traceparent}: the caller's if
 * well-formed ({@link Correlation#accept}, the rule the services apply), new ones otherwise. The services put the id
 * in their logs and outbox rows; the response echoes both, and the access log prints the id ({@link #ID}).
 */
@Component
class CorrelationIdFilter implements GlobalFilter, Ordered {

    /** The exchange attribute holding the accepted correlation id, once the request is routed. */
    static final String ID = CorrelationIdFilter.class.getName() + ".id";
    static final String TRACEPARENT = "traceparent";
    private static final Pattern W3C_TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String id = Correlation.accept(exchange.getRequest().getHeaders().getFirst(Correlation.HEADER));
        exchange.getAttributes().put(ID, id);
        String parent = exchange.getRequest().getHeaders().getFirst(TRACEPARENT);
        String trace = parent != null && W3C_TRACEPARENT.matcher(parent).matches() ? parent : newTraceparent();
        // set just before the response is written, so the upstream's echo does not make it appear twice
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(Correlation.HEADER, id);
            exchange.getResponse().getHeaders().set(TRACEPARENT, trace);
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(r -> r.headers(h -> {
            h.set(Correlation.HEADER, id);
            h.set(TRACEPARENT, trace);
        })).build());
    }

    /** A W3C trace context for a request that came without one: a new trace, sampled. */
    private static String newTraceparent() {
        byte[] ids = new byte[24];
        RANDOM.nextBytes(ids);
        String hex = java.util.HexFormat.of().formatHex(ids);
        return "00-" + hex.substring(0, 32) + "-" + hex.substring(32) + "-01";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
