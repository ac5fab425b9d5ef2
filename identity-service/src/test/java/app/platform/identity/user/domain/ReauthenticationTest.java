package app.platform.identity.user.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReauthenticationTest {

    final Instant now = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void anAccountWithAPasswordIsConfirmedByItAloneHoweverRecentTheSignIn() {
        assertThat(Reauthentication.of(true, null, now)).isEqualTo(Reauthentication.Outcome.CONFIRMED);
        assertThat(Reauthentication.of(false, now, now)).isEqualTo(Reauthentication.Outcome.WRONG_PASSWORD);
    }

    @Test
    void anAccountWithoutOneIsConfirmedByASignInWithinFiveMinutes() {
        assertThat(Reauthentication.of(null, now.minusSeconds(300), now)).isEqualTo(Reauthentication.Outcome.CONFIRMED);
        assertThat(Reauthentication.of(null, now.minusSeconds(301), now)).isEqualTo(Reauthentication.Outcome.SIGN_IN_AGAIN);
        assertThat(Reauthentication.of(null, null, now)).isEqualTo(Reauthentication.Outcome.SIGN_IN_AGAIN);
    }
}
