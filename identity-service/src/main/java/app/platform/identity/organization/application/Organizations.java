package app.platform.identity.organization.application;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.identity.MemberInvited;
import app.platform.events.identity.MemberJoined;
import app.platform.events.identity.MemberRemoved;
import app.platform.events.identity.MemberRoleChanged;
import app.platform.events.identity.OrganizationCreated;
import app.platform.identity.organization.application.OrganizationStore.Invitation;
import app.platform.identity.organization.application.OrganizationStore.Member;
import app.platform.identity.organization.application.OrganizationStore.Organization;
import app.platform.identity.organization.domain.InvitationLimit;
import app.platform.identity.organization.domain.OrgRole;
import app.platform.identity.user.application.UserRepository;
import app.platform.identity.user.domain.EmailAddress;
import app.platform.identity.verification.application.OutgoingMail;
import app.platform.identity.verification.domain.InvalidToken;
import app.platform.identity.verification.domain.OneTimeToken;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organizations: create (the creator is the owner), invite by e-mail (a single-use link valid for a week, within the
 * sender's {@link InvitationLimit}), accept (with a verified address), decline, cancel, change roles, remove, leave,
 * and pick the organization one's tokens speak for. The role rules are {@link OrgRole}'s. Someone outside an
 * organization learns nothing about it: it is simply not found.
 */
@Service
public class Organizations {

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    private final OrganizationStore store;
    private final UserRepository users;
    private final OutgoingMail mail;
    private final JdbcOutbox outbox;
    private final Clock clock;
    private final InvitationLimit invitationLimit;

    public Organizations(OrganizationStore store, UserRepository users, OutgoingMail mail, JdbcOutbox outbox, Clock clock,
                         OrganizationSettings settings) {
        this.store = store;
        this.users = users;
        this.mail = mail;
        this.outbox = outbox;
        this.clock = clock;
        this.invitationLimit = new InvitationLimit(settings.invitationsPerHour());
    }

    @Transactional
    public Organization create(UUID userId, String rawName, EventMetadata metadata) {
        String name = rawName == null ? "" : rawName.trim();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInput("name", "Give the organization a name of 1 to 200 characters.");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        store.create(id, name, userId, now);
        store.addMember(id, userId, OrgRole.OWNER, now);
        outbox.append(new OrganizationCreated(id, name, userId, now), metadata);
        outbox.append(new MemberJoined(id, userId, OrgRole.OWNER.value(), now), metadata);
        return new Organization(id, name, OrgRole.OWNER);
    }

    public List<Organization> mine(UUID userId) {
        return store.of(userId);
    }

    public List<Member> members(UUID userId, UUID organizationId) {
        roleOf(organizationId, userId);
        return store.members(organizationId);
    }

    @Transactional
    public Invitation invite(UUID actor, UUID organizationId, String rawEmail, String rawRole, EventMetadata metadata) {
        OrgRole role = role(rawRole);
        roleOf(organizationId, actor).mayInvite(role);
        EmailAddress email = new EmailAddress(rawEmail);
        boolean member = store.members(organizationId).stream()
                .anyMatch(m -> m.email() != null && m.email().equalsIgnoreCase(email.value()));
        if (member) {
            throw new Conflict("That address belongs to a member already.");
        }
        Instant now = clock.instant();
        invitationLimit.check(store.invitationsSentSince(actor, now.minus(InvitationLimit.WINDOW)), now);
        OneTimeToken token = OneTimeToken.generate();
        Invitation invitation = new Invitation(UUID.randomUUID(), organizationId, email.value(), role, "pending",
                now.plus(INVITATION_LIFETIME));
        if (!store.invite(invitation, token.hash(), actor, now)) {
            throw new Conflict("That address has a pending invitation already.");
        }
        String orgName = store.of(actor).stream().filter(o -> o.id().equals(organizationId)).findFirst()
                .map(Organization::name).orElse("an organization");
        mail.afterCommit(email.value(), "You are invited to join " + orgName,
                "You are invited to join " + orgName + " as " + role.value() + ". Accept within 7 days:",
                "/invitations", token.value());
        outbox.append(new MemberInvited(organizationId, invitation.id(), email.value(), role.value(), actor,
                invitation.expiresAt()), metadata);
        return invitation;
    }

    public List<Invitation> invitations(UUID actor, UUID organizationId) {
        OrgRole role = roleOf(organizationId, actor);
        role.mayInvite(OrgRole.MEMBER);
        return store.pendingInvitations(organizationId);
    }

    /**
     * Accepting joins the organization; the invitation must be for the signed-in user's address, and that address
     * verified: else whoever signed up with it, without owning it, could join with the invitation.
     */
    @Transactional
    public Invitation accept(UUID userId, String token, EventMetadata metadata) {
        if (users.unverifiedEmailOf(userId).isPresent()) {
            throw new Forbidden("Verify your e-mail address first (the link we mailed you), then accept the invitation.");
        }
        Invitation invitation = openInvitationFor(userId, token);
        Instant now = clock.instant();
        if (!store.decide(invitation.id(), "accepted", now)) {
            throw new InvalidToken();
        }
        if (!store.addMember(invitation.organizationId(), userId, invitation.role(), now)) {
            throw new Conflict("You are a member already.");
        }
        outbox.append(new MemberJoined(invitation.organizationId(), userId, invitation.role().value(), now), metadata);
        return invitation;
    }

    @Transactional
    public void decline(UUID userId, String token) {
        Invitation invitation = openInvitationFor(userId, token);
        if (!store.decide(invitation.id(), "declined", clock.instant())) {
            throw new InvalidToken();
        }
    }

    @Transactional
    public void cancel(UUID actor, UUID organizationId, UUID invitationId) {
        roleOf(organizationId, actor).mayInvite(OrgRole.MEMBER);
        Invitation invitation = store.invitation(organizationId, invitationId).orElseThrow(Organizations::notFound);
        roleOf(organizationId, actor).mayInvite(invitation.role());
        if (!store.decide(invitationId, "cancelled", clock.instant())) {
            throw notFound();
        }
    }

    @Transactional
    public void changeRole(UUID actor, UUID organizationId, UUID target, String rawRole, EventMetadata metadata) {
        OrgRole next = role(rawRole);
        OrgRole actorRole = roleOf(organizationId, actor);
        OrgRole current = store.roleOf(organizationId, target).orElseThrow(Organizations::notFound);
        actorRole.mayChange(current, next);
        if (current == next) {
            return;
        }
        if (next != OrgRole.OWNER) {
            OrgRole.keepsAnOwner(current, store.owners(organizationId));
        }
        store.setRole(organizationId, target, next);
        outbox.append(new MemberRoleChanged(organizationId, target, current.value(), next.value(), actor,
                clock.instant()), metadata);
    }

    /** Removes a member; removing oneself is leaving. */
    @Transactional
    public void remove(UUID actor, UUID organizationId, UUID target, EventMetadata metadata) {
        OrgRole actorRole = roleOf(organizationId, actor);
        OrgRole targetRole = store.roleOf(organizationId, target).orElseThrow(Organizations::notFound);
        boolean leaving = actor.equals(target);
        if (!leaving) {
            actorRole.mayRemove(targetRole);
        }
        OrgRole.keepsAnOwner(targetRole, store.owners(organizationId));
        store.removeMember(organizationId, target);
        outbox.append(new MemberRemoved(organizationId, target, leaving ? "left" : "removed", actor, clock.instant()),
                metadata);
    }

    /** The organization the user's next tokens carry ({@code org_id}, {@code org_role}); null for none. */
    @Transactional
    public void activate(UUID userId, UUID organizationId) {
        if (organizationId != null) {
            roleOf(organizationId, userId);
        }
        store.setActive(userId, organizationId);
    }

    private Invitation openInvitationFor(UUID userId, String token) {
        Invitation invitation = store.invitationByToken(OneTimeToken.hash(token == null ? "" : token))
                .filter(i -> i.status().equals("pending") && i.expiresAt().isAfter(clock.instant()))
                .orElseThrow(InvalidToken::new);
        String mine = users.emailOf(userId).orElse("");
        if (!mine.toLowerCase(Locale.ROOT).equals(invitation.email())) {
            throw new InvalidToken(); // someone else's invitation: same answer as a wrong link
        }
        return invitation;
    }

    private OrgRole roleOf(UUID organizationId, UUID userId) {
        return store.roleOf(organizationId, userId).orElseThrow(Organizations::notFound);
    }

    /** Not found for this caller (also when it exists but the caller is not a member). */
    private static NotFound notFound() {
        return new NotFound("organization, member or invitation");
    }

    private static OrgRole role(String raw) {
        try {
            return OrgRole.parse(raw == null ? "" : raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("role", e.getMessage());
        }
    }
}
