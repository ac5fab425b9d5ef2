-- billing turns on: payment methods (provider tokens only), subscriptions with their schedules, payments with
-- idempotency keys and refunds, versioned terms and their acceptances, tax forms (tax id sealed with AES-GCM),
-- transaction monitoring, the provider's webhooks, and what billing needs to know of KYC.
CREATE TABLE user_payment_methods (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL,
    provider_token varchar(128) NOT NULL,
    brand          varchar(32) NOT NULL,
    last4          char(4)     NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    exp_month      smallint    NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year       smallint    NOT NULL,
    is_default     boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_payment_methods_user_idx ON user_payment_methods (user_id);
CREATE UNIQUE INDEX user_payment_methods_one_default ON user_payment_methods (user_id) WHERE is_default;

ALTER TABLE user_subscriptions
    ADD COLUMN current_period_start timestamptz,
    ADD COLUMN payment_method_id    uuid REFERENCES user_payment_methods (id) ON DELETE SET NULL,
    ADD COLUMN next_plan            varchar(64),
    ADD COLUMN cancelled_at         timestamptz;
CREATE UNIQUE INDEX user_subscriptions_one_live ON user_subscriptions (user_id) WHERE status <> 'cancelled';

-- The next charge of each live subscription; attempt counts the failures of the period being charged.
CREATE TABLE user_billing_schedules (
    subscription_id uuid PRIMARY KEY REFERENCES user_subscriptions (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL,
    next_charge_at  timestamptz,
    attempt         integer     NOT NULL DEFAULT 0,
    last_failure    varchar(64),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_billing_schedules_due_idx ON user_billing_schedules (next_charge_at) WHERE next_charge_at IS NOT NULL;

CREATE TABLE user_payments (
    id                uuid PRIMARY KEY,
    user_id           uuid        NOT NULL,
    subscription_id   uuid REFERENCES user_subscriptions (id) ON DELETE SET NULL,
    payment_method_id uuid,
    period_start      timestamptz,
    attempt           integer     NOT NULL DEFAULT 0,
    amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
    currency          char(3)     NOT NULL,
    status            varchar(16) NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    refunded_minor    bigint      NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    provider_ref      varchar(128),
    failure_code      varchar(64),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_payments_user_idx ON user_payments (user_id, created_at);
CREATE UNIQUE INDEX user_payments_provider_ref ON user_payments (provider_ref) WHERE provider_ref IS NOT NULL;
-- one charge per subscription, period and attempt, whoever runs the scheduler
CREATE UNIQUE INDEX user_payments_once_per_period ON user_payments (subscription_id, period_start, attempt)
    WHERE period_start IS NOT NULL;

CREATE TABLE payment_idempotency_keys (
    user_id      uuid         NOT NULL,
    key          varchar(255) NOT NULL,
    request_hash char(64)     NOT NULL,
    -- written before its payment (the key is claimed first): checked at commit
    payment_id   uuid         NOT NULL REFERENCES user_payments (id) DEFERRABLE INITIALLY DEFERRED,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE TABLE terms_documents (
    version      varchar(32) PRIMARY KEY,
    text         text        NOT NULL,
    text_hash    char(64)    NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO terms_documents (version, text, text_hash, published_at)
VALUES ('2026-01', 'Membership terms, version 2026-01. Fees are charged in advance for each period until cancelled.',
        encode(sha256(convert_to('Membership terms, version 2026-01. Fees are charged in advance for each period until cancelled.', 'UTF8')), 'hex'),
        '2026-01-01T00:00:00Z');

CREATE TABLE user_agreements (
    id            uuid PRIMARY KEY,
    user_id       uuid         NOT NULL,
    terms_version varchar(32)  NOT NULL REFERENCES terms_documents (version),
    terms_hash    char(64)     NOT NULL,
    accepted_at   timestamptz  NOT NULL,
    ip_address    varchar(64),
    user_agent    varchar(512),
    UNIQUE (user_id, terms_version)
);

CREATE TABLE tax_forms (
    user_id            uuid PRIMARY KEY,
    kind               varchar(8)   NOT NULL CHECK (kind IN ('W-9', 'W-8BEN')),
    legal_name         varchar(200) NOT NULL,
    country            char(2)      NOT NULL,
    tax_id_sealed      bytea        NOT NULL,
    tax_id_key         varchar(32)  NOT NULL,
    tax_id_last4       char(4)      NOT NULL,
    status             varchar(16)  NOT NULL CHECK (status IN ('submitted', 'verified')),
    submitted_at       timestamptz  NOT NULL,
    verified_at        timestamptz,
    verified_by        uuid
);

CREATE TABLE transaction_monitoring (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL,
    subject_type varchar(16) NOT NULL CHECK (subject_type IN ('payment', 'payout')),
    subject_id   uuid        NOT NULL,
    rule         varchar(32) NOT NULL,
    severity     varchar(16) NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    details      jsonb       NOT NULL DEFAULT '{}',
    status       varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    reviewed_by  uuid,
    reviewed_at  timestamptz,
    review_note  varchar(1000),
    UNIQUE (subject_id, rule)
);
CREATE INDEX transaction_monitoring_status_idx ON transaction_monitoring (status, created_at);

-- KYC as membership last told it (for the payout rule).
CREATE TABLE member_kyc (
    user_id    uuid PRIMARY KEY,
    status     varchar(16) NOT NULL,
    expires_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every webhook the provider sent: processed, ignored (a repeat) or rejected.
CREATE TABLE provider_webhooks (
    id          uuid PRIMARY KEY,
    provider_id varchar(128),
    type        varchar(64),
    outcome     varchar(16) NOT NULL CHECK (outcome IN ('processed', 'repeat', 'rejected')),
    reason      varchar(64),
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX provider_webhooks_once ON provider_webhooks (provider_id) WHERE outcome = 'processed';
