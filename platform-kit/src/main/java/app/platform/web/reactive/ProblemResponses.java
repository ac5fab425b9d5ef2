package app.platform.web.reactive;

import app.platform.runtime.InfrastructureFailures;
import app.platform.web.Problems;
import app.platform.web.StrictJson;
import app.platform.events.EventJson;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every error a reactive service or the gateway answers is RFC 9457 problem+json, whoever produced it: a
 * controller (see {@link ReactiveProblems}), an exception nobody handled ({@link #errorHandler()}), or a filter
 * that only set a status and completed, such as Spring Security's 401 and 403, the CORS check, the request firewall,
 * the gateway's body-size limit, or an upstream service's empty answer ({@link #filter()}). The filter also refuses
 * a URI over {@value #MAX_URI} characters (414), a path whose escapes are not UTF-8 and a query parameter that
 * cannot be stored (400) before anything routes it.
 */
public final class ProblemResponses {

    /** Of path and query: the services' own HTTP server refuses request lines over 4 KB (with an empty 414). */
    static final int MAX_URI = 4_000;
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** Writes a problem as the whole answer. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        return response.writeWith(Mono.fromSupplier(() -> body(response, status, detail, exchange)));
    }

    private static DataBuffer body(ServerHttpResponse response, HttpStatusCode status, String detail, ServerWebExchange exchange) {
        byte[] json = EventJson.MAPPER.writeValueAsBytes(Problems.of(status, detail, exchange.getRequest().getPath().value()));
        HttpHeaders headers = response.getHeaders();
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(json.length);
        return response.bufferFactory().wrap(json);
    }

    /** The filter, first of all: empty error answers get a problem body. */
    public static WebFilter filter() {
        return new EmptyErrorBodies();
    }

    /**
     * Exceptions nobody handled: their status as a problem; the infrastructure away for a while
     * ({@link InfrastructureFailures}) 503 with {@code Retry-After}; anything else 500, logged.
     */
    public static ErrorWebExceptionHandler errorHandler() {
        return (exchange, error) -> {
            if (exchange.getResponse().isCommitted()) {
                return Mono.error(error);
            }
            if (error instanceof ErrorResponse known) {
                // its headers (Allow of a 405, Accept of a 415), and our words: Spring's detail may repeat the request's
                exchange.getResponse().getHeaders().putAll(known.getHeaders());
                return write(exchange, known.getStatusCode(), null);
            }
            if (InfrastructureFailures.transientFailure(error)) {
                // the database or a connection away for a while: try again, not our bug (the types only: no values)
                log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                        InfrastructureFailures.describe(error));
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
                return write(exchange, HttpStatus.SERVICE_UNAVAILABLE, null);
            }
            log.error("unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
            return write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, null);
        };
    }

    private static final class EmptyErrorBodies implements WebFilter, Ordered {

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            var request = exchange.getRequest();
            String raw = request.getURI().getRawPath();
            String query = request.getURI().getRawQuery();
            if (raw.length() + (query == null ? 0 : query.length()) > MAX_URI) {
                return write(exchange, HttpStatus.URI_TOO_LONG, null);
            }
            if (!utf8(raw)) {
                return write(exchange, HttpStatus.BAD_REQUEST, "The request path is not valid percent-encoded UTF-8.");
            }
            boolean storable = request.getQueryParams().entrySet().stream().allMatch(p -> StrictJson.storable(p.getKey())
                    && p.getValue().stream().allMatch(v -> v == null || StrictJson.storable(v)));
            if (!storable) {
                return write(exchange, HttpStatus.BAD_REQUEST, Problems.PARAMETER_REFUSED);
            }
            ServerHttpResponse response = exchange.getResponse();
            boolean head = HttpMethod.HEAD.equals(request.getMethod());
            ServerHttpResponseDecorator problems = new ServerHttpResponseDecorator(response) {
                @Override
                public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                    if (!error(getStatusCode()) || head) {
                        return super.writeWith(body);
                    }
                    return super.writeWith(Flux.<DataBuffer>from(body).switchIfEmpty(
                            Mono.fromSupplier(() -> body(getDelegate(), getStatusCode(), null, exchange))));
                }

                @Override
                public Mono<Void> setComplete() {
                    return error(getStatusCode()) && !head && !isCommitted()
                            ? writeWith(Mono.empty()) : super.setComplete();
                }
            };
            // a filter may also only set the status and let the exchange end (the CORS check): the body is added here
            return chain.filter(exchange.mutate().response(problems).build()).then(Mono.defer(() ->
                    error(response.getStatusCode()) && !head && !response.isCommitted()
                            ? problems.writeWith(Mono.empty()) : Mono.empty()));
        }

        private static boolean error(HttpStatusCode status) {
            return status != null && status.isError();
        }

        /** Whether the percent-escapes of a raw path decode to well-formed UTF-8 (no overlong {@code %C0%AF}). */
        private static boolean utf8(String rawPath) {
            if (rawPath.indexOf('%') < 0) {
                return true;
            }
            try {
                byte[] bytes = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                        .getBytes(StandardCharsets.ISO_8859_1);
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                return true;
            } catch (CharacterCodingException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
