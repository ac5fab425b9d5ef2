package app.platform.testkit;

import app.platform.runtime.DevelopmentSecrets;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Hands the real servers' connection details to the Spring context of a {@link RealInfrastructure} test, and runs it
 * on the {@code local} profile, as the launcher runs the services: with their development secrets
 * (platform-kit's {@code DevelopmentSecrets}).
 */
public class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attrs) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, RealInfrastructure.class)) {
            return null;
        }
        return new Customizer(InfrastructureExtension.databaseOwner(testClass));
    }

    /**
     * Keyed by the class declaring {@link RealInfrastructure}: each such class gets its own database, so its own
     * context; its subclasses share both.
     */
    private record Customizer(Class<?> testClass) implements ContextCustomizer {
        @Override
        public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
                                     org.springframework.test.context.MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testkit",
                    properties(InfrastructureExtension.databaseFor(testClass), Infrastructure.kafkaBootstrapServers())));
            context.getEnvironment().addActiveProfile(DevelopmentSecrets.PROFILE);
        }
    }

    static Map<String, Object> properties(TestDatabase db, String kafka) {
        return Map.ofEntries(
                Map.entry("spring.datasource.url", db.jdbcUrl()),
                Map.entry("spring.datasource.username", db.username()),
                Map.entry("spring.datasource.password", db.password()),
                Map.entry("spring.flyway.url", db.jdbcUrl()),
                Map.entry("spring.flyway.user", db.username()),
                Map.entry("spring.flyway.password", db.password()),
                Map.entry("spring.r2dbc.url", db.r2dbcUrl()),
                Map.entry("spring.r2dbc.username", db.username()),
                Map.entry("spring.r2dbc.password", db.password()),
                Map.entry("spring.kafka.bootstrap-servers", kafka),
                Map.entry("testkit.database.name", db.name()));
    }
}
