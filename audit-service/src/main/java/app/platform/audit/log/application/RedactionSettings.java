package app.platform.audit.log.application;

import app.platform.audit.log.domain.RedactionPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The redaction policy as declared in {@code audit.redaction} (event type → personal fields). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedactionSettings.Declared.class)
class RedactionSettings {

    @ConfigurationProperties("audit")
    record Declared(Map<String, List<String>> redaction) {
    }

    @Bean
    RedactionPolicy redactionPolicy(Declared declared) {
        Map<String, Set<String>> fields = new HashMap<>();
        if (declared.redaction() != null) {
            declared.redaction().forEach((type, list) -> fields.put(type, Set.copyOf(list)));
        }
        return new RedactionPolicy(Map.copyOf(fields));
    }
}
