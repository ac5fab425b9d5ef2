package app.platform.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static EngineSettings settings(int giveUpAttempts) {
        return new EngineSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(10), giveUpAttempts);
    }

    @Test
    void givesUpOnceTheEngineHasFailedForTheGiveUpDuration() {
        assertThat(settings(0).givesUp(1, Duration.ZERO)).isFalse();
        assertThat(settings(0).givesUp(500, Duration.ofMinutes(9))).as("no attempt limit").isFalse();
        assertThat(settings(0).givesUp(2, Duration.ofMinutes(10))).isTrue();
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfConsecutiveAttemptsToo() {
        assertThat(settings(3).givesUp(2, Duration.ofSeconds(3))).isFalse();
        assertThat(settings(3).givesUp(3, Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void backsOffAsConfigured() {
        assertThat(settings(0).backoff().after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings(0).backoff().after(10)).isEqualTo(Duration.ofSeconds(60));
    }
}
