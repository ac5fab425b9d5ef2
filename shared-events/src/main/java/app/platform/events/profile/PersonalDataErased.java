package app.platform.events.profile;

import java.time.Instant;
import java.util.UUID;

/** The account was closed: personal fields erased, the row kept as a tombstone. */
public record PersonalDataErased(UUID appUserId, UUID authUserId, String reason, Instant erasedAt) implements ProfileUserEvent {

    public static final String TYPE = "PersonalDataErased";

    @Override
    public String eventType() {
        return TYPE;
    }
}
