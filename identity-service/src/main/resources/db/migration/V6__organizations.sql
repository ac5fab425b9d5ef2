-- organizations, their members (owner/admin/member) and invitations by e-mail (only the token's SHA-256 is kept)
CREATE TABLE organization (
    id         uuid PRIMARY KEY,
    name       varchar(200) NOT NULL,
    created_by uuid         NOT NULL REFERENCES users (id),
    created_at timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE organization_member (
    organization_id uuid        NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_member_user_idx ON organization_member (user_id);

CREATE TABLE organization_invitation (
    id              uuid PRIMARY KEY,
    organization_id uuid         NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    email           varchar(320) NOT NULL,
    role            varchar(16)  NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    token_hash      bytea        NOT NULL UNIQUE,
    invited_by      uuid         NOT NULL REFERENCES users (id),
    status          varchar(16)  NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    expires_at      timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    decided_at      timestamptz
);
CREATE UNIQUE INDEX organization_invitation_pending_key ON organization_invitation (organization_id, lower(email))
    WHERE status = 'pending';

-- the organization the user's tokens speak for (org_id/org_role claims)
ALTER TABLE users ADD COLUMN active_organization_id uuid REFERENCES organization (id) ON DELETE SET NULL;
