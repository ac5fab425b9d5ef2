package app.platform.identity.organization.application;

import app.platform.identity.organization.domain.OrgRole;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The persistence port of organizations, members and invitations. */
public interface OrganizationStore {

    record Organization(UUID id, String name, OrgRole role) {
    }

    record Member(UUID userId, String email, OrgRole role, Instant joinedAt) {
    }

    record Invitation(UUID id, UUID organizationId, String email, OrgRole role, String status, Instant expiresAt) {
    }

    void create(UUID id, String name, UUID owner, Instant now);

    List<Organization> of(UUID userId);

    Optional<OrgRole> roleOf(UUID organizationId, UUID userId);

    List<Member> members(UUID organizationId);

    long owners(UUID organizationId);

    /** False if the user is a member already. */
    boolean addMember(UUID organizationId, UUID userId, OrgRole role, Instant now);

    void setRole(UUID organizationId, UUID userId, OrgRole role);

    /** Also clears it as the user's active organization. */
    boolean removeMember(UUID organizationId, UUID userId);

    /** False if a pending invitation for that address exists already. */
    boolean invite(Invitation invitation, byte[] tokenHash, UUID invitedBy, Instant now);

    /**
     * When the invitations {@code invitedBy} sent after {@code since} were created, oldest first. Locks the sender
     * until the transaction ends, so that invitations sent at the same time (on any replica) are counted one after
     * the other.
     */
    List<Instant> invitationsSentSince(UUID invitedBy, Instant since);

    List<Invitation> pendingInvitations(UUID organizationId);

    /** The invitation of the token, locked for the decision. */
    Optional<Invitation> invitationByToken(byte[] tokenHash);

    /** Moves a pending invitation to {@code status}; false if it was not pending any more. */
    boolean decide(UUID invitationId, String status, Instant now);

    Optional<Invitation> invitation(UUID organizationId, UUID invitationId);

    void setActive(UUID userId, UUID organizationId);
}
