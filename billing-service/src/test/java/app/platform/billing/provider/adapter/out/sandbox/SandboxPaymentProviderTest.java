package app.platform.billing.provider.adapter.out.sandbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The sandbox's cards pay without money: it starts on this machine, or where a deployment allows it, nowhere else. */
class SandboxPaymentProviderTest {

    @Test
    void startsInTheLocalProfileOrWhereAllowedAndRefusesElsewhere() {
        assertThatThrownBy(() -> new SandboxPaymentProvider(new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BILLING_SANDBOX_ALLOWED");
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        assertThatCode(() -> new SandboxPaymentProvider(local)).doesNotThrowAnyException();
        assertThatCode(() -> new SandboxPaymentProvider(new MockEnvironment().withProperty("billing.sandbox-allowed", "true")))
                .doesNotThrowAnyException();
    }
}
