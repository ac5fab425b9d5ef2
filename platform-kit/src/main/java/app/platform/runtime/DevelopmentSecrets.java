package app.platform.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;

/**
 * A service refuses to start outside the {@value #PROFILE} profile while one of its secrets is empty or still the
 * development value it ships with. The service names those secrets (property names) in
 * {@code platform.secrets.development-defaults}; each is set in its application.yml as
 * {@code ${VARIABLE:development value}}, which is where the development value is read from (the lowest-precedence
 * source that sets the property), so it is written once. The message names each property and its variable, never a
 * value. The launcher, docker compose and the tests run the {@value #PROFILE} profile; a real deployment sets every
 * such variable.
 * <p>
 * Checked before any bean is made (no migration runs, no port opens); a declared secret that is not such a
 * placeholder fails the start in every profile, so a mistake in the list shows in the first test.
 */
public final class DevelopmentSecrets implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The profile in which the development values are accepted. */
    public static final String PROFILE = "local";
    static final String DECLARATION = "platform.secrets.development-defaults";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+):(.*)}", Pattern.DOTALL);

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> refused = refusals(environment);
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Refusing to start with development secrets outside the '" + PROFILE
                    + "' profile: " + String.join("; ", refused) + ". Give each variable a secret of its own"
                    + " (or run on this machine only with SPRING_PROFILES_ACTIVE=" + PROFILE + ").");
        }
    }

    /** One line per secret that is empty or the development value, naming its property and variable; empty: start. */
    static List<String> refusals(ConfigurableEnvironment environment) {
        List<String> secrets = Binder.get(environment).bind(DECLARATION, Bindable.listOf(String.class)).orElse(List.of());
        List<Shipped> shipped = secrets.stream().map(secret -> shipped(environment, secret)).toList();
        if (environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return List.of();
        }
        List<String> refused = new ArrayList<>();
        for (Shipped secret : shipped) {
            String value = environment.getProperty(secret.property());
            if (value == null || value.isBlank()) {
                refused.add(secret.property() + " (" + secret.variable() + ") is empty");
            } else if (value.equals(secret.developmentValue())) {
                refused.add(secret.property() + " (" + secret.variable() + ") is the development value");
            }
        }
        return refused;
    }

    /** A declared secret as the service ships it: {@code property: ${VARIABLE:development value}}. */
    record Shipped(String property, String variable, String developmentValue) {
    }

    private static Shipped shipped(ConfigurableEnvironment environment, String property) {
        Object raw = null;
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.containsProperty(property)) {
                raw = source.getProperty(property); // the last one: the lowest precedence, the service's own file
            }
        }
        Matcher placeholder = raw instanceof String text ? PLACEHOLDER.matcher(text) : null;
        if (placeholder == null || !placeholder.matches()) {
            throw new IllegalStateException(DECLARATION + " names " + property
                    + ", which the service does not set as ${VARIABLE:development value}");
        }
        return new Shipped(property, placeholder.group(1), placeholder.group(2));
    }
}
