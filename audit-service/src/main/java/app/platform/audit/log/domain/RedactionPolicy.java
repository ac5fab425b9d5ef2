package app.platform.audit.log.domain;

import java.util.Map;
import java.util.Set;

/**
 * Which fields of which event types are personal and never stored in the audit log: the declared policy
 * ({@code audit.redaction.<EventType>=field,field}). The rest of the event is kept as it came, so the log still
 * tells who did what, to which aggregate, when.
 */
public record RedactionPolicy(Map<String, Set<String>> fieldsByType) {

    public static final String REDACTED = "[redacted]";

    public Set<String> fieldsOf(String eventType) {
        return fieldsByType.getOrDefault(eventType, Set.of());
    }
}
