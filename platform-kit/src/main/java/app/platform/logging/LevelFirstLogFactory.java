package app.platform.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Commons Logging over SLF4J that checks the level before it turns a message into text. Commons Logging's own SLF4J
 * adapter (1.3 and 1.4) calls {@code String.valueOf(message)} for every call and leaves the level check to SLF4J, so
 * the lazy messages of Spring Security's matchers ({@code LogMessage.format("Trying to match using %s", matcher)}) were
 * formatted and dropped at every request: 1.6% of profile-service's samples on a GET, 2% of the gateway's. Chosen by
 * Commons Logging's discovery through {@code META-INF/services/org.apache.commons.logging.LogFactory}, ahead of its
 * built-in adapters.
 */
public final class LevelFirstLogFactory extends LogFactory {

    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    @Override
    public Log getInstance(String name) {
        return logs.computeIfAbsent(name, n -> new LevelFirstLog(LoggerFactory.getLogger(n)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Log getInstance(Class type) {
        return getInstance(type.getName());
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public String[] getAttributeNames() {
        return attributes.keySet().toArray(String[]::new);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void release() {
        logs.clear();
    }

    /** A Commons Logging {@link Log} that formats a message only at an enabled level, and names its caller to SLF4J. */
    static final class LevelFirstLog implements Log {

        private static final String FQCN = LevelFirstLog.class.getName();

        private final Logger logger;

        LevelFirstLog(Logger logger) {
            this.logger = logger;
        }

        private void log(int level, Object message, Throwable thrown) {
            String text = String.valueOf(message);
            if (logger instanceof LocationAwareLogger located) {
                located.log(null, FQCN, level, text, null, thrown);
                return;
            }
            switch (level) {
                case LocationAwareLogger.TRACE_INT -> logger.trace(text, thrown);
                case LocationAwareLogger.DEBUG_INT -> logger.debug(text, thrown);
                case LocationAwareLogger.INFO_INT -> logger.info(text, thrown);
                case LocationAwareLogger.WARN_INT -> logger.warn(text, thrown);
                default -> logger.error(text, thrown);
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return logger.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return logger.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return logger.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return logger.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return logger.isErrorEnabled();
        }

        @Override
        public boolean isFatalEnabled() {
            return logger.isErrorEnabled();
        }

        @Override
        public void trace(Object message) {
            trace(message, null);
        }

        @Override
        public void trace(Object message, Throwable thrown) {
            if (logger.isTraceEnabled()) {
                log(LocationAwareLogger.TRACE_INT, message, thrown);
            }
        }

        @Override
        public void debug(Object message) {
            debug(message, null);
        }

        @Override
        public void debug(Object message, Throwable thrown) {
            if (logger.isDebugEnabled()) {
                log(LocationAwareLogger.DEBUG_INT, message, thrown);
            }
        }

        @Override
        public void info(Object message) {
            info(message, null);
        }

        @Override
        public void info(Object message, Throwable thrown) {
            if (logger.isInfoEnabled()) {
                log(LocationAwareLogger.INFO_INT, message, thrown);
            }
        }

        @Override
        public void warn(Object message) {
            warn(message, null);
        }

        @Override
        public void warn(Object message, Throwable thrown) {
            if (logger.isWarnEnabled()) {
                log(LocationAwareLogger.WARN_INT, message, thrown);
            }
        }

        @Override
        public void error(Object message) {
            error(message, null);
        }

        @Override
        public void error(Object message, Throwable thrown) {
            if (logger.isErrorEnabled()) {
                log(LocationAwareLogger.ERROR_INT, message, thrown);
            }
        }

        @Override
        public void fatal(Object message) {
            error(message, null);
        }

        @Override
        public void fatal(Object message, Throwable thrown) {
            error(message, thrown);
        }
    }
}
