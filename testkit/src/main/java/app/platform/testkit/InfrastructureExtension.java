package app.platform.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Resolves {@link TestDatabase} (one per test class) and {@link KafkaBootstrap} parameters. Where Testcontainers is
 * forced ({@code TESTKIT_MODE=containers}) but no Docker engine answers, the tests are skipped, not failed.
 */
public class InfrastructureExtension implements ParameterResolver, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Infrastructure.forcedMode() == Infrastructure.Mode.CONTAINERS && !Infrastructure.dockerAnswers()) {
            return ConditionEvaluationResult.disabled("Testcontainers forced, but no Docker engine answers here");
        }
        return ConditionEvaluationResult.enabled("real servers available");
    }

    private static final Map<Class<?>, TestDatabase> PER_CLASS = new ConcurrentHashMap<>();

    /**
     * The database of a test class, created on first use; Spring tests share it with the class's context. Test
     * classes that inherit {@link RealInfrastructure} from a base class share the base class's database, and so,
     * configured alike, one Spring context: one feature's tests split over several classes run as one class did.
     */
    public static TestDatabase databaseFor(Class<?> testClass) {
        return PER_CLASS.computeIfAbsent(databaseOwner(testClass), c -> Infrastructure.newDatabase(c.getSimpleName()));
    }

    /** The class that declares {@link RealInfrastructure} for a test class (itself, or a base class); itself when none. */
    public static Class<?> databaseOwner(Class<?> testClass) {
        TestContextAnnotationUtils.AnnotationDescriptor<RealInfrastructure> declared =
                TestContextAnnotationUtils.findAnnotationDescriptor(testClass, RealInfrastructure.class);
        return declared == null ? testClass : declared.getRootDeclaringClass();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == TestDatabase.class || type == KafkaBootstrap.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        if (p.getParameter().getType() == KafkaBootstrap.class) {
            return new KafkaBootstrap(Infrastructure.kafkaBootstrapServers());
        }
        return databaseFor(e.getRequiredTestClass());
    }
}
