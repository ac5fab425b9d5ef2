package app.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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

    static String detailFor(HttpStatusCode status) {
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
