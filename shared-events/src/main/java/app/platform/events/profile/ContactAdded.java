package app.platform.events.profile;

import java.time.Instant;
import java.util.UUID;

/** A phone number or e-mail address was added (no value travels). */
public record ContactAdded(UUID appUserId, UUID contactId, String kind, Instant addedAt) implements ProfileUserEvent {

    public static final String TYPE = "ContactAdded";

    @Override
    public String eventType() {
        return TYPE;
    }
}
