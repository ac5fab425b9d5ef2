-- memberships get their dated transitions; the queue, KYC, payouts and disputes.
ALTER TABLE user_memberships
    ADD COLUMN subscription_id   uuid,
    ADD COLUMN activated_at      timestamptz,
    ADD COLUMN paused_at         timestamptz,
    ADD COLUMN cancelled_at      timestamptz,
    ADD COLUMN expired_at        timestamptz,
    ADD COLUMN payment_failed_at timestamptz;
-- one membership that is not over per member
CREATE UNIQUE INDEX user_memberships_one_live ON user_memberships (user_id) WHERE status IN ('pending', 'active', 'paused');

-- positions are dense (1..n) and unique; joins, leaves and moves take the queue lock, so they run one at a time
CREATE TABLE membership_queue (
    user_id   uuid PRIMARY KEY,
    position  integer     NOT NULL CHECK (position > 0),
    joined_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT membership_queue_position_key UNIQUE (position) DEFERRABLE INITIALLY DEFERRED
);

-- documents are metadata and opaque references to a document store: never bytes, never ID numbers
CREATE TABLE kyc_verification (
    user_id       uuid PRIMARY KEY,
    status        varchar(16) NOT NULL CHECK (status IN ('not_started', 'submitted', 'in_review', 'approved', 'rejected', 'expired')),
    documents     jsonb       NOT NULL DEFAULT '[]',
    reason        varchar(32),
    submitted_at  timestamptz,
    reviewed_at   timestamptz,
    reviewed_by   uuid,
    expires_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payout_management (
    id            uuid PRIMARY KEY,
    user_id       uuid          NOT NULL,
    amount        numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency      char(3)       NOT NULL,
    status        varchar(16)   NOT NULL CHECK (status IN ('scheduled', 'approved', 'paid', 'failed', 'cancelled')),
    scheduled_for timestamptz   NOT NULL,
    approved_by   uuid,
    approved_at   timestamptz,
    paid_at       timestamptz,
    failure       varchar(200),
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now()
);
-- at most one open payout per member
CREATE UNIQUE INDEX payout_management_one_open ON payout_management (user_id) WHERE status IN ('scheduled', 'approved');

CREATE TABLE disputes (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL,
    subject_type varchar(16) NOT NULL CHECK (subject_type IN ('payout', 'membership')),
    subject_id   uuid        NOT NULL,
    status       varchar(24) NOT NULL CHECK (status IN ('open', 'resolved_member', 'resolved_operator', 'withdrawn')),
    messages     jsonb       NOT NULL DEFAULT '[]',
    opened_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolved_by  uuid
);
CREATE INDEX disputes_open_idx ON disputes (user_id) WHERE status = 'open';
