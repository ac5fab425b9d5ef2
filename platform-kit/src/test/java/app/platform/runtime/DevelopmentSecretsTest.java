package app.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/** A service with two secrets shipped with development values, as its application.yml declares them. */
class DevelopmentSecretsTest {

    static final String KEY = "bG9jYWwtZGV2LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";
    static final String CLIENT_SECRET = "{noop}local-client-secret";

    final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevelopmentSecretsAutoConfiguration.class))
            .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(new MapPropertySource(
                    "application.yml", Map.<String, Object>of(
                            "demo.keys.encryption-key", "${DEMO_KEY:" + KEY + "}",
                            "demo.client.client-secret", "${DEMO_CLIENT_SECRET:" + CLIENT_SECRET + "}",
                            "demo.not-a-secret", "${DEMO_URL:http://localhost:9000}",
                            "platform.secrets.development-defaults", "demo.keys.encryption-key,demo.client.client-secret"))));

    @Test
    void outsideTheLocalProfileTheDevelopmentValuesStopTheStartNamingPropertyAndVariableNeverTheValue() {
        service.run(context -> assertThat(context).getFailure()
                .hasMessageContaining("demo.keys.encryption-key (DEMO_KEY) is the development value")
                .hasMessageContaining("demo.client.client-secret (DEMO_CLIENT_SECRET) is the development value")
                .hasMessageNotContaining(KEY).hasMessageNotContaining("local-client-secret")
                .hasMessageNotContaining("DEMO_URL"));
    }

    @Test
    void theLocalProfileAcceptsThem() {
        service.withInitializer(context -> context.getEnvironment().addActiveProfile("local"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void realSecretsStart() {
        service.withPropertyValues("demo.keys.encryption-key=c2VjcmV0LWtleS1vZi1hLXJlYWwtZGVwbG95bWVudCE=",
                        "demo.client.client-secret={bcrypt}$2a$10$abcdefghijklmnopqrstuv")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anEmptySecretStopsTheStartTooAndOnlyItIsNamed() {
        service.withPropertyValues("demo.keys.encryption-key=", "demo.client.client-secret={noop}a-real-one")
                .run(context -> assertThat(context).getFailure()
                        .hasMessageContaining("demo.keys.encryption-key (DEMO_KEY) is empty")
                        .hasMessageNotContaining("DEMO_CLIENT_SECRET"));
    }

    @Test
    void aDeclaredSecretWithoutItsDevelopmentValueIsAMistakeInEveryProfile() {
        service.withInitializer(context -> context.getEnvironment().addActiveProfile("local"))
                .withPropertyValues("platform.secrets.development-defaults=demo.keys.encryption-key,demo.keys.typo")
                .run(context -> assertThat(context).getFailure().hasMessageContaining("names demo.keys.typo"));
    }

    @Test
    void aServiceWithoutDevelopmentSecretsStartsAnywhere() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DevelopmentSecretsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed());
    }
}
