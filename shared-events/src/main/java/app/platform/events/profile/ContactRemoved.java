package app.platform.events.profile;

import java.time.Instant;
import java.util.UUID;

/** A contact was removed. */
public record ContactRemoved(UUID appUserId, UUID contactId, String kind, Instant removedAt) implements ProfileUserEvent {

    public static final String TYPE = "ContactRemoved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
