package app.platform.events.profile;

import java.time.Instant;
import java.util.UUID;

/** A postal address was added, changed or removed (no value travels). */
public record AddressChanged(UUID appUserId, UUID addressId, String type, String change, Instant changedAt) implements ProfileUserEvent {

    public static final String TYPE = "AddressChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
