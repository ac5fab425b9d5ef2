package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** An organization was created; its creator is the first owner. */
public record OrganizationCreated(UUID organizationId, String name, UUID ownerId, Instant createdAt) implements OrganizationEvent {

    public static final String TYPE = "OrganizationCreated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
