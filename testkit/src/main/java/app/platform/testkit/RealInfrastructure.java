package app.platform.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real PostgreSQL database of its own and the shared real Kafka broker.
 * <ul>
 *   <li>In a Spring test, the connection details arrive as properties: {@code spring.datasource.*},
 *   {@code spring.flyway.url/user/password}, {@code spring.r2dbc.*} and {@code spring.kafka.bootstrap-servers}.</li>
 *   <li>In any test, {@link TestDatabase} and {@link KafkaBootstrap} can be taken as parameters.</li>
 * </ul>
 * Test classes that inherit it from a base class share that class's database (and, configured alike, its Spring
 * context), as the methods of one class do.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface RealInfrastructure {
}
