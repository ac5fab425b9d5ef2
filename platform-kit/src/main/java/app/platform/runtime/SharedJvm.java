package app.platform.runtime;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A service run in a JVM it shares with the others (the one-machine launcher's one-JVM mode), from its own class
 * loader: its {@code main} as its own JVM would run it, but with its own environment variables, since the process's
 * are every service's. The launcher calls {@link #run} by reflection, in the service's class loader; what crosses
 * between the loaders is JDK types only. The service's thread's context class loader is its own.
 */
public final class SharedJvm {

    private SharedJvm() {
    }

    /**
     * Runs the service's {@code main} on this thread with {@code environment} in place of the process's environment
     * variables (relaxed binding included, as for real ones), and returns once it started.
     *
     * @return closes the service's application context (a graceful stop)
     */
    public static AutoCloseable run(String mainClass, Map<String, String> environment) throws Throwable {
        AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
        ApplicationListener<ApplicationEvent> own = new OwnEnvironment(environment, context);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        // DriverManager hands a driver only to callers whose class loader sees its class, and looks for drivers by
        // itself once per JVM, from its first caller's loader: each service registers the drivers it has
        java.util.ServiceLoader.load(java.sql.Driver.class, loader).forEach(driver -> { });
        var main = Class.forName(mainClass, true, loader).getMethod("main", String[].class);
        try {
            SpringApplication.withHook(application -> {
                application.addListeners(own);
                return null;
            }, () -> main.invoke(null, (Object) new String[0]));
        } catch (RuntimeException e) {
            // the service's own failure, out of the reflective call and the hook's wrapping of it
            throw e.getCause() instanceof java.lang.reflect.InvocationTargetException failed ? failed.getCause() : e;
        }
        return () -> {
            ConfigurableApplicationContext started = context.get();
            if (started != null) {
                started.close();
            }
        };
    }

    /**
     * First of the listeners: puts the service's environment in place of the process's before the configuration is
     * read, and keeps the context to close.
     */
    private record OwnEnvironment(Map<String, String> environment,
                                  AtomicReference<ConfigurableApplicationContext> context)
            implements ApplicationListener<ApplicationEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                prepared.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                new java.util.HashMap<>(environment)));
            } else if (event instanceof ApplicationPreparedEvent prepared) {
                context.set(prepared.getApplicationContext());
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
