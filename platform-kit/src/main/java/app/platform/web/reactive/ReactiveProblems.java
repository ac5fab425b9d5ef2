package app.platform.web.reactive;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.Unprocessable;
import app.platform.errors.VersionConflict;
import app.platform.web.Problems;
import app.platform.web.StrictJson;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.DatabindException;

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

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        return invalidFields(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ProblemDetail invalidBody(WebExchangeBindException e) {
        return invalidFields(e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList());
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        return invalidFields(e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(error -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList());
    }

    /** An unreadable body names the field it broke at when the JSON reader knows it, never the value sent. */
    @ExceptionHandler({ServerWebInputException.class, DecodingException.class})
    ProblemDetail unreadable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException json && !json.getPath().isEmpty()) {
                return invalidFields(List.of(StrictJson.fieldError(json)));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request body or a parameter could not be read.");
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(Unprocessable.class)
    ProblemDetail unprocessable(Unprocessable e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request", e.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return problem(HttpStatus.FORBIDDEN, "Not allowed", e.getMessage());
    }

    @ExceptionHandler(VersionConflict.class)
    ProblemDetail changedMeanwhile(VersionConflict e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Changed meanwhile", e.getMessage());
    }

    private static ProblemDetail invalidFields(List<Map<String, String>> errors) {
        return Problems.invalidRequest(errors);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
