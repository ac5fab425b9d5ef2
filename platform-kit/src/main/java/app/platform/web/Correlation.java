package app.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of a request: the gateway's {@code X-Correlation-Id} when well-formed, a new one otherwise. The
 * reactive services keep it in the Reactor context and the servlet ones in the MDC, both under {@link #KEY}; the
 * outboxes put it on every event the request raises.
 */
public final class Correlation {

    public static final String HEADER = "X-Correlation-Id";
    /** The MDC and Reactor context key. */
    public static final String KEY = "correlationId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,128}");

    private Correlation() {
    }

    /** The given id if well-formed, else a new one. */
    public static String accept(String given) {
        return given != null && WELL_FORMED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
