package app.platform.identity.organization.adapter.in.web;

import app.platform.identity.organization.application.OrganizationStore.Invitation;
import app.platform.identity.organization.application.OrganizationStore.Member;
import app.platform.identity.organization.application.OrganizationStore.Organization;
import app.platform.identity.organization.application.Organizations;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Organizations, their members and invitations; the invitee's side is under {@code /api/identity/invitations}. */
@RestController
@RequestMapping("/api/identity")
class OrganizationController {

    private final Organizations organizations;

    OrganizationController(Organizations organizations) {
        this.organizations = organizations;
    }

    record NewOrganization(@NotBlank @Size(max = 200) String name) {
    }

    record NewInvitation(@NotBlank @Size(max = 320) String email, @Size(max = 32) String role) {
    }

    record RoleChange(@NotBlank @Size(max = 32) String role) {
    }

    record Token(@NotBlank @Size(max = 256) String token) {
    }

    record Active(@NotNull UUID organizationId) {
    }

    record OrganizationView(UUID id, String name, String role) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.id(), o.name(), o.role().value());
        }
    }

    record MemberView(UUID userId, String email, String role, Instant joinedAt) {
        static MemberView of(Member m) {
            return new MemberView(m.userId(), m.email(), m.role().value(), m.joinedAt());
        }
    }

    record InvitationView(UUID id, UUID organizationId, String email, String role, Instant expiresAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(i.id(), i.organizationId(), i.email(), i.role().value(), i.expiresAt());
        }
    }

    @PostMapping("/organizations")
    @ResponseStatus(HttpStatus.CREATED)
    OrganizationView create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewOrganization body) {
        return OrganizationView.of(organizations.create(Caller.id(jwt), body.name(), Caller.metadata(jwt)));
    }

    @GetMapping("/organizations")
    List<OrganizationView> mine(@AuthenticationPrincipal Jwt jwt) {
        return organizations.mine(Caller.id(jwt)).stream().map(OrganizationView::of).toList();
    }

    @PutMapping("/organizations/active")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void activate(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Active body) {
        organizations.activate(Caller.id(jwt), body.organizationId());
    }

    @GetMapping("/organizations/{id}/members")
    List<MemberView> members(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return organizations.members(Caller.id(jwt), id).stream().map(MemberView::of).toList();
    }

    @PatchMapping("/organizations/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeRole(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @PathVariable UUID userId,
                    @Valid @RequestBody RoleChange body) {
        organizations.changeRole(Caller.id(jwt), id, userId, body.role(), Caller.metadata(jwt));
    }

    @DeleteMapping("/organizations/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @PathVariable UUID userId) {
        organizations.remove(Caller.id(jwt), id, userId, Caller.metadata(jwt));
    }

    @PostMapping("/organizations/{id}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leave(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        organizations.remove(Caller.id(jwt), id, Caller.id(jwt), Caller.metadata(jwt));
    }

    @PostMapping("/organizations/{id}/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationView invite(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @Valid @RequestBody NewInvitation body) {
        return InvitationView.of(organizations.invite(Caller.id(jwt), id, body.email(), body.role(), Caller.metadata(jwt)));
    }

    @GetMapping("/organizations/{id}/invitations")
    List<InvitationView> invitations(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return organizations.invitations(Caller.id(jwt), id).stream().map(InvitationView::of).toList();
    }

    @DeleteMapping("/organizations/{id}/invitations/{invitationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @PathVariable UUID invitationId) {
        organizations.cancel(Caller.id(jwt), id, invitationId);
    }

    @PostMapping("/invitations/accept")
    Map<String, Object> accept(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Token body) {
        Invitation joined = organizations.accept(Caller.id(jwt), body.token(), Caller.metadata(jwt));
        return Map.of("organizationId", joined.organizationId(), "role", joined.role().value());
    }

    @PostMapping("/invitations/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void decline(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Token body) {
        organizations.decline(Caller.id(jwt), body.token());
    }
}
