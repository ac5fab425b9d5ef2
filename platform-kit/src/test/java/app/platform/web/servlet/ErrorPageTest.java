package app.platform.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.TransactionSystemException;

/** What the container's error page answers for an exception that escaped a filter, where no controller advice looks. */
class ErrorPageTest {

    final ProblemResponses.Errors page = new ProblemResponses.Errors(List.of());

    @Test
    void theDatabaseAwayIs503WithRetryAfter() throws Exception {
        // a sign-up's throttle bookkeeping meeting a restarting database: its rollback fails on a closed connection
        MockHttpServletResponse response = forwarded(new TransactionSystemException("JDBC rollback failed",
                new SQLException("This connection has been closed.", "08003")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
    }

    @Test
    void anythingElseStays500() throws Exception {
        MockHttpServletResponse response = forwarded(new IllegalStateException("a bug"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getHeader("Retry-After")).isNull();
    }

    private MockHttpServletResponse forwarded(Throwable failure) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/identity/users");
        MockHttpServletResponse response = new MockHttpServletResponse();
        page.error(request, response);
        return response;
    }
}
