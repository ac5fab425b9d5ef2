package app.platform.runtime;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Every service gets the {@link DevelopmentSecrets} check; it names its secrets in {@code platform.secrets.development-defaults}. */
@AutoConfiguration
public class DevelopmentSecretsAutoConfiguration {

    /** Static: a bean factory post-processor, run before any other bean is made. */
    @Bean
    static DevelopmentSecrets developmentSecrets() {
        return new DevelopmentSecrets();
    }
}
