package app.platform.web.servlet;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.Unprocessable;
import app.platform.errors.VersionConflict;
import app.platform.runtime.InfrastructureFailures;
import app.platform.web.Problems;
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
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServletProblems.class);

    @Bean
    ProblemResponses.Errors problemErrorController(org.springframework.beans.factory.ObjectProvider<
            org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver> pages) {
        return new ProblemResponses.Errors(pages.orderedStream().toList());
    }

    @Bean
    ProblemResponses.StorableParameters storableParameters() {
        return new ProblemResponses.StorableParameters();
    }

    /** A domain's refusal ({@code app.platform.errors}). */
    @ExceptionHandler({InvalidInput.class, NotFound.class, Conflict.class, VersionConflict.class, Unprocessable.class,
            Forbidden.class})
    ProblemDetail refused(RuntimeException e) {
        return Problems.refusal(e);
    }

    /**
     * A database failure no controller handled: a concurrent change (optimistic locking) is 409; the infrastructure away
     * for a while ({@link InfrastructureFailures}) is 503 with {@code Retry-After}; anything else is our bug, 500 and
     * logged. A browser asking for a page gets the status through the container's error page, as before.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> database(RuntimeException e, jakarta.servlet.http.HttpServletRequest request,
                                           jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        HttpStatus status;
        if (e instanceof OptimisticLockingFailureException) {
            status = HttpStatus.CONFLICT;
        } else if (InfrastructureFailures.transientFailure(e)) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            response.setHeader(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
            log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(),
                    InfrastructureFailures.describe(e));
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            response.sendError(status.value());
            return null;
        }
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, Problems.detailFor(status)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return badRequest(Problems.invalidRequest(Problems.fieldErrors(ex.getBindingResult().getFieldErrors())));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return badRequest(Problems.invalidRequest(Problems.parameterErrors(ex.getParameterValidationResults())));
    }

    /** A body that is not JSON, or whose JSON breaks a type or a text rule: the field, never the value sent. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return badRequest(Problems.unreadableField(ex).orElseGet(() -> Problems.titled(HttpStatus.BAD_REQUEST,
                "Invalid request", "The request body could not be read as JSON.")));
    }

    private static ResponseEntity<Object> badRequest(ProblemDetail problem) {
        return ResponseEntity.badRequest().body(problem);
    }
}
