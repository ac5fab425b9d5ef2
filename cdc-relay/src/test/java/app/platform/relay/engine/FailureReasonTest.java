package app.platform.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FailureReasonTest {

    private static final Properties CONFIG = new Properties();

    static {
        CONFIG.setProperty("database.password", "s3cret-legacy");
        CONFIG.setProperty("offset.storage.jdbc.password", "s3cret-relay");
        CONFIG.setProperty("database.user", "postgres");
    }

    @Test
    void namesTheMessageAndTheInnermostCause() {
        var error = new IllegalStateException("task failed", new RuntimeException("wrapped",
                new ConnectException("Connection refused")));
        assertThat(FailureReason.of("Error while trying to run connector", error, CONFIG))
                .isEqualTo("Error while trying to run connector: Connection refused");
        assertThat(FailureReason.of(new IllegalStateException("cannot read: Connection refused",
                new ConnectException("Connection refused")), CONFIG)).isEqualTo("cannot read: Connection refused");
        assertThat(FailureReason.of(null, null, CONFIG)).isEqualTo("stopped without a reason");
    }

    @Test
    void masksEveryConfiguredPasswordAndAnyPasswordParameter() {
        String reason = FailureReason.of("could not connect to jdbc:postgresql://db:5432/postgres?user=postgres"
                        + "&password=guessme&ssl=true as s3cret-legacy",
                new IllegalStateException("offsets: s3cret-relay"), CONFIG);
        assertThat(reason).doesNotContain("guessme", "s3cret-legacy", "s3cret-relay")
                .contains("password=****&ssl=true", "user=postgres");
    }
}
