package app.platform.relay.engine;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Why an engine attempt failed, as the health endpoint and the log show it: the message and the innermost cause's,
 * with every password of the engine's configuration, and any {@code password=} parameter, masked.
 */
final class FailureReason {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final String MASK = "****";

    private FailureReason() {
    }

    static String of(Throwable error, Properties config) {
        return of(error.getMessage(), error, config);
    }

    /**
     * @param message what the engine said (may be null)
     * @param error   what stopped it (may be null)
     * @param config  the engine's configuration: the value of every key naming a password or a JAAS login is masked in the reason
     */
    static String of(String message, Throwable error, Properties config) {
        String text = message == null ? "" : message;
        if (error != null) {
            String cause = innermost(error);
            if (!text.contains(cause)) {
                text = text.isEmpty() ? cause : text + ": " + cause;
            }
        }
        if (text.isBlank()) {
            text = "stopped without a reason";
        }
        for (String key : config.stringPropertyNames()) {
            String value = config.getProperty(key);
            if (secret(key) && !value.isEmpty()) {
                text = text.replace(value, MASK);
            }
        }
        return PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + MASK);
    }

    /** Whether the setting holds a secret: a password, or a JAAS login (which holds one). */
    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.endsWith("jaas.config");
    }

    private static String innermost(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
