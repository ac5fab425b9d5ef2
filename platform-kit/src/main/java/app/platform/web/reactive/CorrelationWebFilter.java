package app.platform.web.reactive;

import app.platform.web.Correlation;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** Puts the request's correlation id ({@link Correlation}) in the Reactor context and echoes it. */
public class CorrelationWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = Correlation.accept(exchange.getRequest().getHeaders().getFirst(Correlation.HEADER));
        exchange.getResponse().getHeaders().set(Correlation.HEADER, id);
        return chain.filter(exchange).contextWrite(Context.of(Correlation.KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
