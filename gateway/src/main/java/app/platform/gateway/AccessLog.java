package app.platform.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One line per request: method, path (never the query string: codes and tokens travel there), status, time and
 * the correlation id the request was routed with ({@link CorrelationIdFilter}: well-formed or new; {@code -} when it
 * was answered before routing). Never a header as the client sent it, no bodies.
 */
@Component
@Order(-300)
class AccessLog implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger("access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            var request = exchange.getRequest();
            String correlationId = exchange.getAttributeOrDefault(CorrelationIdFilter.ID, "-");
            log.info("{} {} {} {}ms {}", request.getMethod(), request.getPath().value(),
                    exchange.getResponse().getStatusCode() == null ? "-" : exchange.getResponse().getStatusCode().value(),
                    (System.nanoTime() - start) / 1_000_000, correlationId);
        });
    }
}
