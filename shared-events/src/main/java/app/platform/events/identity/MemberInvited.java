package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** Someone was invited by e-mail to join (the invitation token never travels). */
public record MemberInvited(UUID organizationId, UUID invitationId, String email, String role, UUID invitedBy, Instant expiresAt) implements OrganizationEvent {

    public static final String TYPE = "MemberInvited";

    @Override
    public String eventType() {
        return TYPE;
    }
}
