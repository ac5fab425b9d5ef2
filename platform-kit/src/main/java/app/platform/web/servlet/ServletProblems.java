package app.platform.web.servlet;

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
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * The servlet services' errors as RFC 9457 problem+json, as {@code ReactiveProblems} answers them on the reactive
 * side; invalid input names its fields under {@code errors}. Spring MVC's own exceptions keep Spring's problem
 * details. What no handler here sees is made a problem by {@link ProblemResponses}: the container's {@code /error}
 * (this replaces Boot's error controller) and unstorable request parameters (a filter). A service wires
 * {@link ProblemResponses#unauthorized()} and {@link ProblemResponses#forbidden()} into its API's security chain.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before any other advice of the service's
public class ServletProblems extends ResponseEntityExceptionHandler {

    @Bean
    ProblemResponses.Errors problemErrorController() {
        return new ProblemResponses.Errors();
    }

    @Bean
    ProblemResponses.StorableParameters storableParameters() {
        return new ProblemResponses.StorableParameters();
    }

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        return Problems.invalidRequest(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalidFields(ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList());
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return invalidFields(ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(error -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList());
    }

    /** A body that is not JSON, or whose JSON breaks a type or a text rule: the field, never the value sent. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException json && !json.getPath().isEmpty()) {
                return invalidFields(List.of(StrictJson.fieldError(json)));
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "The request body could not be read as JSON."));
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

    private static ResponseEntity<Object> invalidFields(List<Map<String, String>> errors) {
        return ResponseEntity.badRequest().body(Problems.invalidRequest(errors));
    }

    /** A problem with a title of its own. */
    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
