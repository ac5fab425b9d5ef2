package app.platform.identity.web;

import app.platform.identity.user.domain.EmailAlreadyRegistered;
import app.platform.identity.user.domain.InvalidInput;
import app.platform.identity.verification.domain.InvalidToken;
import java.util.List;
import java.util.Map;
import app.platform.identity.mfa.application.TwoFactor;
import app.platform.identity.organization.application.Organizations;
import app.platform.identity.organization.domain.OrgRole;
import app.platform.identity.passkey.application.Passkeys;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import app.platform.web.Problems;
import app.platform.web.StrictJson;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import tools.jackson.databind.DatabindException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the API as RFC 9457 problem+json; invalid input names its fields under {@code errors}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        return withErrors(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    @ExceptionHandler(InvalidToken.class)
    ProblemDetail invalidToken(InvalidToken e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid or expired link");
        return problem;
    }

    @ExceptionHandler({TwoFactor.AlreadyEnabled.class, TwoFactor.NotEnabled.class})
    ProblemDetail twoFactorState(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "Two-factor sign-in", e.getMessage());
    }

    @ExceptionHandler(OrgRole.NotAllowed.class)
    ProblemDetail forbidden(RuntimeException e) {
        return problem(HttpStatus.FORBIDDEN, "Not allowed", e.getMessage());
    }

    @ExceptionHandler({OrgRole.LastOwner.class, Organizations.Conflict.class})
    ProblemDetail conflict(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler({Passkeys.NotFound.class, Organizations.NotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(TwoFactor.ReauthenticationFailed.class)
    ProblemDetail reauthentication(TwoFactor.ReauthenticationFailed e) {
        return problem(HttpStatus.FORBIDDEN, "Re-authentication failed", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(EmailAlreadyRegistered.class)
    ProblemDetail taken(EmailAlreadyRegistered e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Already registered");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        var errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(withErrors(errors));
    }

    /** A body that is not JSON, or whose JSON breaks a type or a text rule: the field, never the value sent. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException json && !json.getPath().isEmpty()) {
                return ResponseEntity.badRequest().body(withErrors(List.of(StrictJson.fieldError(json))));
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "The request body could not be read as JSON."));
    }

    private static ProblemDetail withErrors(List<Map<String, String>> errors) {
        return Problems.invalidRequest(errors);
    }
}
