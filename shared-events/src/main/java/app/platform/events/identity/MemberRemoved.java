package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A member left or was removed. */
public record MemberRemoved(UUID organizationId, UUID userId, String reason, UUID removedBy, Instant removedAt) implements OrganizationEvent {

    public static final String TYPE = "MemberRemoved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
