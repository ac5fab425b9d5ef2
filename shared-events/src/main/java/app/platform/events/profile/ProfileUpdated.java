package app.platform.events.profile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Profile fields changed (their names only, no values). */
public record ProfileUpdated(UUID appUserId, List<String> changedFields, Instant updatedAt) implements ProfileUserEvent {

    public static final String TYPE = "ProfileUpdated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
