-- every foreign key has an index led by its columns: deleting a user or an organization (and the check of each
-- reference) finds the rows that point at it without a scan; an inviter's recent invitations are one range
CREATE INDEX organization_created_by_idx ON organization (created_by);
CREATE INDEX organization_invitation_organization_idx ON organization_invitation (organization_id);
CREATE INDEX organization_invitation_invited_by_idx ON organization_invitation (invited_by, created_at);
CREATE INDEX users_active_organization_idx ON users (active_organization_id);
