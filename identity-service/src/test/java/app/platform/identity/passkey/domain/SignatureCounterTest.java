package app.platform.identity.passkey.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureCounterTest {

    @Test
    void aCountingAuthenticatorMustCountUpAndANonCountingOneMayStayAtZero() {
        assertThat(SignatureCounter.acceptable(0, 0)).isTrue();
        assertThat(SignatureCounter.acceptable(0, 1)).isTrue();
        assertThat(SignatureCounter.acceptable(5, 6)).isTrue();
        assertThat(SignatureCounter.acceptable(5, 5)).isFalse();
        assertThat(SignatureCounter.acceptable(5, 4)).isFalse();
        assertThat(SignatureCounter.acceptable(5, 0)).isFalse();
    }
}
