package app.platform.gateway.readonly;

import app.platform.events.EventJson;
import app.platform.web.Problems;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * While the platform is read-only ({@link PlatformMode}), a change (any method but GET, HEAD and OPTIONS) is refused
 * before it reaches a service: 503 problem+json with {@code Retry-After}, so a client knows to try again later, not
 * that its request was wrong. Reads pass, and so do the {@code exempt} paths (matched decoded, as routing matches
 * them). Runs after the correlation id is set (the refusal carries it) and the per-user rate limit, and before the
 * route's own filters: a refusal is no failure of the service to its circuit breaker.
 */
@Component
class ReadOnlyFilter implements GlobalFilter, Ordered {

    /** The problem type of a refused change, a tag URI as the platform's other problem types. */
    static final URI TYPE = URI.create("tag:membership-platform,2026:problems/read-only");
    static final String TITLE = "The platform is read-only";
    static final String DETAIL = "A failback to the legacy app is under way: changes are refused; reads keep working.";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final PlatformMode mode;
    private final List<PathPattern> exempt;
    private final String retryAfter;

    ReadOnlyFilter(PlatformMode mode, ReadOnlySettings settings) {
        this.mode = mode;
        this.exempt = settings.exempt().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.retryAfter = String.valueOf(settings.retryAfter().toSeconds());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        PlatformMode.State now = mode.current();
        ServerHttpRequest request = exchange.getRequest();
        if (!now.readOnly() || READS.contains(request.getMethod()) || exempt(request.getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        return refuse(exchange, now);
    }

    private boolean exempt(PathContainer path) {
        return exempt.stream().anyMatch(pattern -> pattern.matches(path));
    }

    /** The problem as the gateway's other own refusals write it ({@code ProblemResponses}), typed, with {@code since}. */
    private Mono<Void> refuse(ServerWebExchange exchange, PlatformMode.State now) {
        Map<String, Object> problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, DETAIL,
                exchange.getRequest().getPath().value());
        problem.put("type", TYPE.toString());
        problem.put("title", TITLE);
        problem.put("since", now.since() == null ? null : now.since().toString());
        byte[] json = EventJson.MAPPER.writeValueAsBytes(problem);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(json.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2; // after CorrelationIdFilter (+0) and UserRateLimitFilter (+1)
    }
}
