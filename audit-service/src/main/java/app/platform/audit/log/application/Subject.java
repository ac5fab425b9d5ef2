package app.platform.audit.log.application;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The user an event is about, when there is one: its {@code userId} (or {@code appUserId}), else the aggregate id
 * of a user aggregate. Such events also go into that user's chain.
 */
public final class Subject {

    private static final Set<String> USER_AGGREGATES = Set.of("identity.user", "profile.user");

    private Subject() {
    }

    public static Optional<UUID> of(String aggregateType, String aggregateId, JsonNode data) {
        for (String field : new String[] {"userId", "appUserId"}) {
            JsonNode value = data == null ? null : data.get(field);
            if (value != null && value.isString()) {
                return uuid(value.asString());
            }
        }
        return USER_AGGREGATES.contains(aggregateType) ? uuid(aggregateId) : Optional.empty();
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
