package app.platform.web.servlet;

import app.platform.events.EventJson;
import app.platform.runtime.InfrastructureFailures;
import app.platform.security.StepUp;
import app.platform.web.Problems;
import app.platform.web.StrictJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The servlet services' errors outside their controllers as problem+json, the body the reactive side writes
 * ({@link Problems}): a missing or bad token (401, with Spring's {@code WWW-Authenticate}) and a refused one (403) of a
 * bearer-token API chain, whatever the servlet container sends to {@code /error}, and request parameters PostgreSQL
 * cannot store (a NUL, a lone surrogate: 400, before any query sees them).
 */
public final class ProblemResponses {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** Writes a problem as the whole answer. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
                             String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(EventJson.MAPPER.writeValueAsBytes(
                Problems.of(status, detail, request.getRequestURI())));
    }

    /** 401 for a bearer-token API: the bearer challenge, and a problem body. */
    public static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            challenge.commence(request, response, e);
            write(request, response, HttpStatus.UNAUTHORIZED, null);
        };
    }

    /** 403 for a bearer-token API; an admin who has not stepped up is challenged instead (401, RFC 9470). */
    public static AccessDeniedHandler forbidden() {
        return (request, response, e) -> {
            if (StepUp.needed(SecurityContextHolder.getContext().getAuthentication())) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, StepUp.CHALLENGE);
                write(request, response, HttpStatus.UNAUTHORIZED, StepUp.DETAIL);
                return;
            }
            write(request, response, HttpStatus.FORBIDDEN, null);
        };
    }

    /** What the container forwards to {@code /error} (a {@code sendError}, an exception no handler took). */
    @RestController
    static class Errors implements ErrorController {

        private final List<ErrorViewResolver> pages;

        Errors(List<ErrorViewResolver> pages) {
            this.pages = pages;
        }

        /**
         * A problem; or, for a browser asking for a page of a service that has an error page of its own (an
         * {@link ErrorViewResolver}: identity's hosted pages), that page. An exception that escaped a filter (no
         * controller advice sees those) and is the infrastructure's for a while ({@link InfrastructureFailures}) is
         * 503 with {@code Retry-After}, as in a controller.
         */
        @RequestMapping("/error")
        ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = HttpStatus.valueOf(code instanceof Integer c && c >= 400 && c < 600 ? c : 500);
            if (status == HttpStatus.INTERNAL_SERVER_ERROR
                    && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                    && InfrastructureFailures.transientFailure(failure)) {
                status = HttpStatus.SERVICE_UNAVAILABLE;
                response.setHeader(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
                log.warn("{} {} answered 503: {}", request.getMethod(),
                        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), InfrastructureFailures.describe(failure));
            }
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
                for (ErrorViewResolver page : pages) {
                    ModelAndView view = page.resolveErrorView(request, status, Map.of());
                    if (view != null) {
                        return view;
                    }
                }
            }
            write(request, response, status, null);
            return null;
        }
    }

    /** Refuses a request whose parameters hold a text that may not be stored ({@link StrictJson#storable}). */
    static class StorableParameters extends OncePerRequestFilter implements Ordered {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean storable = request.getParameterMap().entrySet().stream().allMatch(p ->
                    StrictJson.storable(p.getKey()) && Arrays.stream(p.getValue()).allMatch(StrictJson::storable));
            if (storable) {
                chain.doFilter(request, response);
            } else {
                write(request, response, HttpStatus.BAD_REQUEST, Problems.PARAMETER_REFUSED);
            }
        }

        /** Right after the correlation id ({@link CorrelationFilter}), before anything reads a parameter. */
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1;
        }
    }
}
