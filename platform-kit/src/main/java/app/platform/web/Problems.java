package app.platform.web;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.errors.Unprocessable;
import app.platform.errors.VersionConflict;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import tools.jackson.databind.DatabindException;

/**
 * The RFC 9457 body of an error that has nothing more to say than its status ({@code type} {@code about:blank},
 * titled by the status): the one shape the servlet and the reactive services write alike.
 */
public final class Problems {

    /**
     * The type of a request with invalid fields, whose extension member {@code errors} lists them
     * ({@code [{"field": ..., "message": ...}]}). A tag URI (RFC 4151): stable, and not meant to be opened.
     */
    public static final URI INVALID_REQUEST = URI.create("tag:membership-platform,2026:problems/invalid-request");

    /** Why a request whose parameters cannot be stored is refused (400), on both sides. */
    public static final String PARAMETER_REFUSED =
            "A parameter holds a character that is not allowed (NUL, or invalid Unicode), or is too long.";

    private Problems() {
    }

    /** The problem of a request with invalid fields. */
    public static ProblemDetail invalidRequest(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A domain's refusal (one of {@code app.platform.errors}) as its problem; an invalid input names its field. */
    public static ProblemDetail refusal(RuntimeException e) {
        return switch (e) {
            case InvalidInput invalid -> invalidRequest(List.of(field(invalid.field(), invalid.getMessage())));
            case NotFound notFound -> titled(HttpStatus.NOT_FOUND, "Not found", notFound.getMessage());
            case Conflict conflict -> titled(HttpStatus.CONFLICT, "Conflict", conflict.getMessage());
            case VersionConflict changed -> titled(HttpStatus.PRECONDITION_FAILED, "Changed meanwhile", changed.getMessage());
            case Unprocessable unprocessable -> titled(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request",
                    unprocessable.getMessage());
            case Forbidden forbidden -> titled(HttpStatus.FORBIDDEN, "Not allowed", forbidden.getMessage());
            default -> throw new IllegalArgumentException("not a refusal: " + e.getClass().getName(), e);
        };
    }

    /** The fields a bean validation refused. */
    public static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
        return errors.stream().map(f -> field(f.getField(), String.valueOf(f.getDefaultMessage()))).toList();
    }

    /** The method parameters a validation refused, by name. */
    public static List<Map<String, String>> parameterErrors(List<ParameterValidationResult> results) {
        return results.stream().flatMap(r -> r.getResolvableErrors().stream().map(error -> field(
                String.valueOf(r.getMethodParameter().getParameterName()), String.valueOf(error.getDefaultMessage()))))
                .toList();
    }

    /** The field an unreadable body broke at, when the JSON reader knows it (never the value sent). */
    public static Optional<ProblemDetail> unreadableField(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException json && !json.getPath().isEmpty()) {
                return Optional.of(invalidRequest(List.of(StrictJson.fieldError(json))));
            }
        }
        return Optional.empty();
    }

    /** Seconds a client is asked to wait ({@code Retry-After}) when the infrastructure is away for a while. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** A problem with a title of its own. */
    public static ProblemDetail titled(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static Map<String, String> field(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    public static Map<String, Object> of(HttpStatusCode status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail == null ? detailFor(status) : detail);
        problem.put("instance", instance);
        return problem;
    }

    public static String detailFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "The request could not be read.";
            case 401 -> "A valid access token is required (Authorization: Bearer <token>).";
            case 403 -> "You are not allowed to do this.";
            case 404 -> "Nothing is here.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No representation of this resource matches the Accept header.";
            case 413 -> "The request body is too large.";
            case 414 -> "The URI is too long.";
            case 415 -> "The request's Content-Type is not supported here (send application/json).";
            case 429 -> "Too many requests. Try again later.";
            case 503, 502, 504 -> "The service is not answering right now. Try again in a moment.";
            default -> status.is5xxServerError() ? "Something went wrong on our side." : "The request was refused.";
        };
    }
}
