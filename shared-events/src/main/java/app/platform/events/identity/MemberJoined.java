package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A user joined an organization by accepting an invitation, or by creating it. */
public record MemberJoined(UUID organizationId, UUID userId, String role, Instant joinedAt) implements OrganizationEvent {

    public static final String TYPE = "MemberJoined";

    @Override
    public String eventType() {
        return TYPE;
    }
}
