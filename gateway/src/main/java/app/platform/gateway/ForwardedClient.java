package app.platform.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The client's real address. Behind an ingress or load balancer, the connection's peer is that proxy for every
 * client, so the address comes from {@code X-Forwarded-For}, read from the right and believed only through the
 * trusted proxies: {@code GATEWAY_TRUSTED_PROXIES}, the regex that also decides which forwarded headers the gateway
 * passes on (as identity's {@code IDENTITY_TRUSTED_PROXIES} does for Tomcat). The rate limits key on it, and the
 * request goes upstream with {@code X-Forwarded-For} set to it alone ({@link Upstream}), so identity sees the same
 * address. (Spring Cloud Gateway's own header keeps only the trusted proxies' entries, so behind an ingress it would
 * tell identity the ingress's address for every client.)
 */
@Component
@Order(-300) // before the rate limits (-200) and Spring Security (-100)
public class ForwardedClient implements WebFilter {

    private static final String ATTRIBUTE = ForwardedClient.class.getName();
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final Predicate<String> trusted;

    ForwardedClient(@Value("${spring.cloud.gateway.server.webflux.trusted-proxies:}") String trustedProxies) {
        Pattern proxies = Pattern.compile(trustedProxies.isBlank() ? "(?!)" : trustedProxies);
        this.trusted = address -> proxies.matcher(address).matches();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var peer = exchange.getRequest().getRemoteAddress();
        String client = resolve(peer == null ? "unknown" : peer.getAddress().getHostAddress(),
                exchange.getRequest().getHeaders().getValuesAsList(FORWARDED_FOR), trusted);
        exchange.getAttributes().put(ATTRIBUTE, client);
        return chain.filter(exchange);
    }

    /** The address {@link ForwardedClient} found for this request. */
    public static String address(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ATTRIBUTE, "unknown");
    }

    /**
     * From the peer leftwards through {@code X-Forwarded-For}: the first address that is not a trusted proxy (or the
     * leftmost, if all are). Entries left of it were written by the client, and are not believed.
     */
    static String resolve(String peer, List<String> forwardedFor, Predicate<String> trusted) {
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(header -> Arrays.stream(header.split(",")).map(String::trim)
                .filter(a -> !a.isEmpty()).forEach(hops::add));
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusted.test(client); i--) {
            client = hops.get(i);
        }
        return client;
    }

    /** Sets {@code X-Forwarded-For} upstream to the client alone, after the gateway's own forwarded headers. */
    @Component
    @Order(Ordered.LOWEST_PRECEDENCE)
    static class Upstream implements HttpHeadersFilter, Ordered {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            HttpHeaders headers = HttpHeaders.copyOf(input);
            headers.set(FORWARDED_FOR, address(exchange));
            return headers;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
