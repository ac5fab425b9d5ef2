package app.platform.local;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code java.util.logging} is the JVM's, not a class loader's: with every service in one JVM, the first service's
 * Spring Boot would bridge every service's JUL records (embedded Tomcat's, say) into its own log. Instead this one
 * handler on JUL's root takes them (Spring Boot adds no bridge of its own beside another handler) and hands each to
 * the bridge of the service whose class loader the logging thread runs in; a record of no service's thread goes
 * where JUL sent it before.
 */
final class JulToServices extends Handler {

    private static final JulToServices ROUTER = new JulToServices();

    private final Map<ClassLoader, Handler> bridges = new ConcurrentHashMap<>();
    private volatile List<Handler> before = List.of();

    /** Routes the records of threads in this service's class loader (or one below it) to the service's own log. */
    static synchronized void route(ClassLoader service) throws ReflectiveOperationException {
        Logger root = LogManager.getLogManager().getLogger("");
        if (ROUTER.before.isEmpty() && List.of(root.getHandlers()).stream().noneMatch(h -> h == ROUTER)) {
            ROUTER.before = List.of(root.getHandlers());
            ROUTER.before.forEach(root::removeHandler);
            root.addHandler(ROUTER);
        }
        ROUTER.bridges.put(service, (Handler) service.loadClass("org.slf4j.bridge.SLF4JBridgeHandler")
                .getConstructor().newInstance());
    }

    static void forget(ClassLoader service) {
        ROUTER.bridges.remove(service);
    }

    @Override
    public void publish(LogRecord record) {
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            Handler bridge = bridges.get(l);
            if (bridge != null) {
                bridge.publish(record);
                return;
            }
        }
        before.forEach(handler -> handler.publish(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
