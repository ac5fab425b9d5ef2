package app.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.runtime.InfrastructureFailures;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class FailuresTest {

    @Test
    void aDatabaseAwayIsTheInfrastructuresFailureWhereverItIsInTheChain() {
        assertThat(InfrastructureFailures.transientFailure(new ListenerExecutionFailedException("listener",
                new DataAccessResourceFailureException("gone", new RuntimeException())))).isTrue();
        assertThat(InfrastructureFailures.transientFailure(new IllegalStateException("not carried",
                new SQLException("the connection attempt failed", "08001")))).isTrue();
        assertThat(InfrastructureFailures.transientFailure(new SQLException("terminating connection", "57P01"))).isTrue();
        // the service's role may not log in (locked, its password being rotated): the records wait for it
        assertThat(InfrastructureFailures.transientFailure(new SQLException("role is not permitted to log in", "28000")))
                .isTrue();
        // a sign-up's rollback on a connection PostgreSQL's restart broke
        assertThat(InfrastructureFailures.transientFailure(new org.springframework.transaction.TransactionSystemException(
                "JDBC rollback failed"))).isTrue();
        // identity's keys could not be fetched: it closed the connection while it stopped
        assertThat(InfrastructureFailures.transientFailure(new IllegalStateException("Could not obtain the keys",
                new org.springframework.web.reactive.function.client.WebClientRequestException(
                        new java.io.IOException("Connection prematurely closed BEFORE response"),
                        org.springframework.http.HttpMethod.GET, java.net.URI.create("http://identity/oauth2/jwks"),
                        new org.springframework.http.HttpHeaders())))).isTrue();
    }

    @Test
    void aRecordsOwnFailureIsNot() {
        assertThat(InfrastructureFailures.transientFailure(new ListenerExecutionFailedException("listener",
                new DuplicateKeyException("taken")))).isFalse();
        assertThat(InfrastructureFailures.transientFailure(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(InfrastructureFailures.transientFailure(new IllegalStateException("no such user"))).isFalse();
        // Spring names a program limit a resource failure: its SQL state says it is the record's
        assertThat(InfrastructureFailures.transientFailure(new DataAccessResourceFailureException("too big",
                new SQLException("index row size exceeds maximum", "54000")))).isFalse();
    }

    @Test
    void theDescriptionNamesTypesAndSqlStatesButNotADriversMessage() {
        SQLException driver = new SQLException("duplicate key value (email)=(someone@example.com)", "23505");
        driver.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.postgresql.core.v3.QueryExecutorImpl",
                "receiveErrorResponse", "QueryExecutorImpl.java", 1)}); // thrown by the driver, as it is
        String said = InfrastructureFailures.describe(new ListenerExecutionFailedException("listener", driver));

        assertThat(said).contains("ListenerExecutionFailedException", "SQLException", "23505")
                .doesNotContain("someone@example.com");
        // nor when the platform's own exception copies the driver's words
        IllegalStateException copied = new IllegalStateException("cannot be read: " + driver.getMessage(), driver);
        copied.setStackTrace(new StackTraceElement[] {new StackTraceElement("app.platform.relay.Legacy", "read",
                "Legacy.java", 1)});
        assertThat(InfrastructureFailures.describe(copied)).contains("IllegalStateException")
                .doesNotContain("someone@example.com");
    }
}
