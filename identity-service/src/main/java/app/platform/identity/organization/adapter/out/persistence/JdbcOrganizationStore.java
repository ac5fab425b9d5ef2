package app.platform.identity.organization.adapter.out.persistence;

import app.platform.identity.organization.application.OrganizationStore;
import app.platform.identity.organization.domain.OrgRole;
import app.platform.runtime.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcOrganizationStore implements OrganizationStore {

    private static final String INVITATION = "SELECT id, organization_id, email, role, status, expires_at FROM organization_invitation ";
    private final JdbcClient jdbc;

    JdbcOrganizationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(UUID id, String name, UUID owner, Instant now) {
        jdbc.sql("INSERT INTO organization (id, name, created_by, created_at) VALUES (:id, :name, :owner, :now)")
                .param("id", id).param("name", name).param("owner", owner).param("now", Times.utc(now)).update();
    }

    @Override
    public List<Organization> of(UUID userId) {
        return jdbc.sql("""
                        SELECT o.id, o.name, m.role FROM organization o JOIN organization_member m ON m.organization_id = o.id
                        WHERE m.user_id = :user ORDER BY o.name, o.id""")
                .param("user", userId)
                .query((rs, n) -> new Organization(rs.getObject(1, UUID.class), rs.getString(2), OrgRole.parse(rs.getString(3))))
                .list();
    }

    @Override
    public Optional<OrgRole> roleOf(UUID organizationId, UUID userId) {
        return jdbc.sql("SELECT role FROM organization_member WHERE organization_id = :org AND user_id = :user")
                .param("org", organizationId).param("user", userId).query(String.class).optional().map(OrgRole::parse);
    }

    @Override
    public List<Member> members(UUID organizationId) {
        return jdbc.sql("""
                        SELECT m.user_id, u.email, m.role, m.joined_at FROM organization_member m JOIN users u ON u.id = m.user_id
                        WHERE m.organization_id = :org ORDER BY m.joined_at, m.user_id""")
                .param("org", organizationId)
                .query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), OrgRole.parse(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    @Override
    public long owners(UUID organizationId) {
        // locks the owners' rows, so two owners cannot both leave at once and leave none
        return jdbc.sql("SELECT user_id FROM organization_member WHERE organization_id = :org AND role = 'owner' FOR UPDATE")
                .param("org", organizationId).query(UUID.class).list().size();
    }

    @Override
    public boolean addMember(UUID organizationId, UUID userId, OrgRole role, Instant now) {
        return jdbc.sql("""
                        INSERT INTO organization_member (organization_id, user_id, role, joined_at) VALUES (:org, :user, :role, :now)
                        ON CONFLICT DO NOTHING""")
                .param("org", organizationId).param("user", userId).param("role", role.value())
                .param("now", Times.utc(now)).update() == 1;
    }

    @Override
    public void setRole(UUID organizationId, UUID userId, OrgRole role) {
        jdbc.sql("UPDATE organization_member SET role = :role WHERE organization_id = :org AND user_id = :user")
                .param("role", role.value()).param("org", organizationId).param("user", userId).update();
    }

    @Override
    public boolean removeMember(UUID organizationId, UUID userId) {
        jdbc.sql("UPDATE users SET active_organization_id = NULL WHERE id = :user AND active_organization_id = :org")
                .param("user", userId).param("org", organizationId).update();
        return jdbc.sql("DELETE FROM organization_member WHERE organization_id = :org AND user_id = :user")
                .param("org", organizationId).param("user", userId).update() == 1;
    }

    @Override
    public boolean invite(Invitation invitation, byte[] tokenHash, UUID invitedBy, Instant now) {
        return jdbc.sql("""
                        INSERT INTO organization_invitation (id, organization_id, email, role, token_hash, invited_by, expires_at, created_at)
                        VALUES (:id, :org, :email, :role, :hash, :by, :expires, :now)
                        ON CONFLICT DO NOTHING""")
                .param("id", invitation.id()).param("org", invitation.organizationId()).param("email", invitation.email())
                .param("role", invitation.role().value()).param("hash", tokenHash).param("by", invitedBy)
                .param("expires", Times.utc(invitation.expiresAt())).param("now", Times.utc(now))
                .update() == 1;
    }

    @Override
    public List<Instant> invitationsSentSince(UUID invitedBy, Instant since) {
        jdbc.sql("SELECT 1 FROM users WHERE id = :by FOR NO KEY UPDATE").param("by", invitedBy)
                .query(Integer.class).list();
        return jdbc.sql("""
                        SELECT created_at FROM organization_invitation WHERE invited_by = :by AND created_at > :since
                        ORDER BY created_at""")
                .param("by", invitedBy).param("since", Times.utc(since))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list();
    }

    @Override
    public List<Invitation> pendingInvitations(UUID organizationId) {
        return jdbc.sql(INVITATION + "WHERE organization_id = :org AND status = 'pending' AND expires_at > now() ORDER BY created_at")
                .param("org", organizationId).query(JdbcOrganizationStore::invitation).list();
    }

    @Override
    public Optional<Invitation> invitationByToken(byte[] tokenHash) {
        return jdbc.sql(INVITATION + "WHERE token_hash = :hash FOR UPDATE").param("hash", tokenHash)
                .query(JdbcOrganizationStore::invitation).optional();
    }

    @Override
    public boolean decide(UUID invitationId, String status, Instant now) {
        return jdbc.sql("UPDATE organization_invitation SET status = :status, decided_at = :now WHERE id = :id AND status = 'pending'")
                .param("status", status).param("now", Times.utc(now)).param("id", invitationId).update() == 1;
    }

    @Override
    public Optional<Invitation> invitation(UUID organizationId, UUID invitationId) {
        return jdbc.sql(INVITATION + "WHERE organization_id = :org AND id = :id")
                .param("org", organizationId).param("id", invitationId).query(JdbcOrganizationStore::invitation).optional();
    }

    @Override
    public void setActive(UUID userId, UUID organizationId) {
        jdbc.sql("UPDATE users SET active_organization_id = :org, updated_at = now() WHERE id = :user")
                .param("org", organizationId).param("user", userId).update();
    }

    private static Invitation invitation(ResultSet rs, int n) throws SQLException {
        return new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                OrgRole.parse(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant());
    }
}
