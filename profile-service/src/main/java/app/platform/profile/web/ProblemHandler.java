package app.platform.profile.web;

import app.platform.profile.contact.application.Contacts;
import app.platform.profile.settings.application.Settings;
import app.platform.profile.shared.InvalidInput;
import app.platform.profile.shared.NotFound;
import app.platform.profile.shared.VersionConflict;
import java.util.List;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** The API's errors as RFC 9457 problem+json; invalid input names its fields under {@code errors}. */
@RestControllerAdvice
class ProblemHandler {

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields.");
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler({ServerWebInputException.class, DecodingException.class})
    ProblemDetail unreadable(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request body or a parameter could not be read.");
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(Contacts.Duplicate.class)
    ProblemDetail duplicate(Contacts.Duplicate e) {
        return problem(HttpStatus.CONFLICT, "Already there", e.getMessage());
    }

    @ExceptionHandler(VersionConflict.class)
    ProblemDetail conflict(VersionConflict e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Changed meanwhile", e.getMessage());
    }

    @ExceptionHandler(Settings.ReadOnly.class)
    ProblemDetail readOnly(Settings.ReadOnly e) {
        return problem(HttpStatus.FORBIDDEN, "Read-only", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
