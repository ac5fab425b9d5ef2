package app.platform.events.profile;

import java.time.Instant;
import java.util.UUID;

/**
 * A contact's type changed, or it became the primary one of its kind (the one primary before is no longer): no value
 * travels.
 */
public record ContactChanged(UUID appUserId, UUID contactId, String kind, String change, Instant changedAt)
        implements ProfileUserEvent {

    public static final String TYPE = "ContactChanged";
    public static final String TYPE_CHANGED = "type";
    public static final String MADE_PRIMARY = "primary";

    @Override
    public String eventType() {
        return TYPE;
    }
}
