package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A member's role changed. */
public record MemberRoleChanged(UUID organizationId, UUID userId, String previousRole, String role, UUID changedBy, Instant changedAt) implements OrganizationEvent {

    public static final String TYPE = "MemberRoleChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
