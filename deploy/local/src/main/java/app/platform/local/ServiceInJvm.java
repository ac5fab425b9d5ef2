package app.platform.local;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * A service run in the launcher's JVM (the one-JVM mode): its jar and libraries in a class loader of its own, under
 * the JDK's, so it sees exactly the classes its own JVM would; its Spring context, environment and log file its own.
 * What the services share is the JVM: one heap, one JIT and its compiled code, one set of JDK classes. So a crash
 * (an {@code OutOfMemoryError}, a JVM fault) is every service's, and none of them can be killed alone.
 */
final class ServiceInJvm extends Service {

    private static final java.time.Duration START_GRACE = java.time.Duration.ofSeconds(30);

    private Thread main;
    private URLClassLoader loader;
    private volatile AutoCloseable running;
    private volatile Throwable failed;

    ServiceInJvm(String name, Path jar, int port, Map<String, String> env, Path dataDir) {
        super(name, jar, port, env, dataDir);
    }

    @Override
    synchronized void start() throws Exception {
        Path app = application();
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        List<URL> classPath = new ArrayList<>(List.of(app.toUri().toURL()));
        try (var libraries = Files.list(app.resolveSibling("lib"))) {
            for (Path library : libraries.sorted().toList()) {
                classPath.add(library.toUri().toURL());
            }
        }
        String mainClass;
        try (JarFile jarFile = new JarFile(app.toFile())) {
            mainClass = jarFile.getManifest().getMainAttributes().getValue("Main-Class");
        }
        loader = new URLClassLoader(name, classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        JulToServices.route(loader);
        // as its own process would have it: the launcher's environment, then the service's; its log in its own file
        // (not the launcher's console), its rolled files named after it (Spring Boot's default pattern reads the JVM's
        // one LOG_FILE property, which the last service to start set); no banner; and no shutdown hook of its own,
        // for its context or its logging (the launcher stops it, its log last: a hook would shut the log first)
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(env);
        environment.putAll(Map.of("LOGGING_FILE_NAME", logs.resolve(name + ".log").toString(),
                "LOGGING_LOGBACK_ROLLINGPOLICY_FILENAMEPATTERN", logs.resolve(name + ".log") + ".%d{yyyy-MM-dd}.%i.gz",
                "LOGGING_THRESHOLD_CONSOLE", "OFF", "SPRING_MAIN_BANNERMODE", "off",
                "SPRING_MAIN_REGISTERSHUTDOWNHOOK", "false", "LOGGING_REGISTERSHUTDOWNHOOK", "false"));
        failed = null;
        running = null;
        URLClassLoader own = loader;
        main = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                running = (AutoCloseable) own.loadClass("app.platform.runtime.SharedJvm")
                        .getMethod("run", String.class, Map.class).invoke(null, mainClass, environment);
            } catch (java.lang.reflect.InvocationTargetException e) {
                failed = e.getCause();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                failed = e;
            }
        });
        main.setContextClassLoader(loader);
        main.start();
    }

    @Override
    String exited() {
        Throwable why = failed;
        return why == null ? null : "failed to start: " + why;
    }

    @Override
    synchronized void stop() throws InterruptedException {
        if (main == null) {
            return;
        }
        // a start still under way finishes (or fails) first; one stuck (on a lock, say) is interrupted and left
        main.join(START_GRACE);
        if (main.isAlive()) {
            main.interrupt();
            System.err.println(name + " was still starting after " + START_GRACE.toSeconds() + " s; interrupted");
        }
        Thread stopping = Thread.currentThread();
        ClassLoader caller = stopping.getContextClassLoader();
        stopping.setContextClassLoader(loader); // as on its own threads: what it looks up on the way out is its own
        try {
            if (running != null) {
                running.close();
            }
            JulToServices.forget(loader);
            loader.close();
        } catch (Exception e) {
            System.err.println(name + " did not stop cleanly: " + e);
        } finally {
            stopping.setContextClassLoader(caller);
            running = null;
            main = null;
        }
    }

    /** Not possible: it shares its JVM with the other services. */
    @Override
    void kill() {
        throw new UnsupportedOperationException(name + " runs in the launcher's JVM and cannot crash alone; "
                + "start the platform with a JVM per service to kill one");
    }

    @Override
    long pid() {
        return ProcessHandle.current().pid();
    }
}
