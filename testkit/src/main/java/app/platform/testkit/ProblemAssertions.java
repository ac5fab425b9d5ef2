package app.platform.testkit;

import app.platform.web.Problems;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every reactive service answers on an error, as a test checks it: RFC 9457 problem+json. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** A problem+json answer with this status. */
    public static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status);
    }

    /** A 400 invalid-request problem whose first error names {@code field}. */
    public static WebTestClient.BodyContentSpec invalidField(WebTestClient.ResponseSpec response, String field) {
        return problem(response, 400)
                .jsonPath("$.type").isEqualTo(Problems.INVALID_REQUEST.toString())
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }
}
