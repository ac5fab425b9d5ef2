package app.platform.events.profile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Settings of one category changed: the keys, never the values. */
public record SettingsChanged(UUID appUserId, String category, List<String> changedKeys, Instant changedAt) implements ProfileUserEvent {

    public static final String TYPE = "SettingsChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
