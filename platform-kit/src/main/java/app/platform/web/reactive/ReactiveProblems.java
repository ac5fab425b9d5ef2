package app.platform.web.reactive;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.Unprocessable;
import app.platform.errors.VersionConflict;
import app.platform.web.Problems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilter;

/**
 * The reactive services' (and the gateway's) errors as RFC 9457 problem+json; invalid input names its fields under
 * {@code errors}. What no handler here sees is made a problem by {@link ProblemResponses}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's problem-details advice, which names no field
public class ReactiveProblems {

    @Bean
    WebFilter emptyErrorBodies() {
        return ProblemResponses.filter();
    }

    @Bean
    @Order(-2)
    ErrorWebExceptionHandler problemErrorHandler() {
        return ProblemResponses.errorHandler();
    }

    /** A domain's refusal ({@code app.platform.errors}). */
    @ExceptionHandler({InvalidInput.class, NotFound.class, Conflict.class, VersionConflict.class, Unprocessable.class,
            Forbidden.class})
    ProblemDetail refused(RuntimeException e) {
        return Problems.refusal(e);
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ProblemDetail invalidBody(WebExchangeBindException e) {
        return Problems.invalidRequest(Problems.fieldErrors(e.getFieldErrors()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        return Problems.invalidRequest(Problems.parameterErrors(e.getParameterValidationResults()));
    }

    /** An unreadable body names the field it broke at when the JSON reader knows it, never the value sent. */
    @ExceptionHandler({ServerWebInputException.class, DecodingException.class})
    ProblemDetail unreadable(RuntimeException e) {
        return Problems.unreadableField(e).orElseGet(() -> Problems.titled(HttpStatus.BAD_REQUEST, "Invalid request",
                "The request body or a parameter could not be read."));
    }
}
