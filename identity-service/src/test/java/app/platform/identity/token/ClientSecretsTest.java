package app.platform.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientSecretsTest {

    final ClientSecrets secrets = new ClientSecrets();

    @Test
    void configuredPlainSecretsMatchAndAreUpgradedToSha256() {
        assertThat(secrets.matches("local-bff-secret", "{noop}local-bff-secret")).isTrue();
        assertThat(secrets.matches("other", "{noop}local-bff-secret")).isFalse();
        assertThat(secrets.upgradeEncoding("{noop}local-bff-secret")).isTrue();

        String stored = secrets.encode("local-bff-secret");
        assertThat(stored).startsWith("{sha256}").doesNotContain("local-bff-secret");
        assertThat(secrets.matches("local-bff-secret", stored)).isTrue();
        assertThat(secrets.matches("local-bff-secreT", stored)).isFalse();
        assertThat(secrets.upgradeEncoding(stored)).isFalse();
        assertThat(secrets.matches("x", "$2a$10$notsupported")).isFalse();
    }
}
