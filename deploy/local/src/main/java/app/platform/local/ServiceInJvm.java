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
        // (not the launcher's console), no banner, and no shutdown hook of its own (the launcher stops it)
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(env);
        environment.putAll(Map.of("LOGGING_FILE_NAME", logs.resolve(name + ".log").toString(),
                "LOGGING_THRESHOLD_CONSOLE", "OFF", "SPRING_MAIN_BANNERMODE", "off",
                "SPRING_MAIN_REGISTERSHUTDOWNHOOK", "false"));
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
        main.join(); // a start still under way finishes first (or fails) before its context is closed
        try {
            if (running != null) {
                running.close();
            }
            JulToServices.forget(loader);
            loader.close();
        } catch (Exception e) {
            System.err.println(name + " did not stop cleanly: " + e);
        } finally {
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
