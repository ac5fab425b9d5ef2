-- contacts, addresses, the six settings tables (one JSON document per category, validated by the domain),
-- optimistic-concurrency versions, and the tombstone of a closed account.

ALTER TABLE users ADD COLUMN erased_at timestamptz;
ALTER TABLE user_profiles ADD COLUMN version integer NOT NULL DEFAULT 0;

CREATE TABLE user_contacts (
    id         uuid PRIMARY KEY,
    user_id    uuid         NOT NULL REFERENCES users (id),
    kind       varchar(8)   NOT NULL CHECK (kind IN ('phone', 'email')),
    type       varchar(16)  NOT NULL CHECK (type IN ('personal', 'work', 'mobile', 'home', 'other')),
    value      varchar(320) NOT NULL,
    is_primary boolean      NOT NULL DEFAULT false,
    verified   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (user_id, kind, value)
);
CREATE UNIQUE INDEX user_contacts_one_primary ON user_contacts (user_id, kind) WHERE is_primary;

CREATE TABLE user_addresses (
    id          uuid PRIMARY KEY,
    user_id     uuid         NOT NULL REFERENCES users (id),
    type        varchar(16)  NOT NULL CHECK (type IN ('home', 'billing', 'shipping', 'work', 'other')),
    line1       varchar(200) NOT NULL,
    line2       varchar(200),
    city        varchar(100) NOT NULL,
    region      varchar(100),
    postal_code varchar(20),
    country     char(2)      NOT NULL,
    is_default  boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX user_addresses_user_idx ON user_addresses (user_id);
CREATE UNIQUE INDEX user_addresses_one_default ON user_addresses (user_id, type) WHERE is_default;

-- general settings move into the same shape as the other five
ALTER TABLE user_settings ADD COLUMN settings jsonb NOT NULL DEFAULT '{}';
UPDATE user_settings SET settings = jsonb_build_object('language', language, 'timeZone', time_zone);
ALTER TABLE user_settings DROP COLUMN language, DROP COLUMN time_zone;

CREATE TABLE user_security_settings (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    settings   jsonb       NOT NULL DEFAULT '{}',
    version    integer     NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE user_notification_preferences (LIKE user_security_settings INCLUDING ALL);
ALTER TABLE user_notification_preferences ADD FOREIGN KEY (user_id) REFERENCES users (id);
CREATE TABLE user_payment_settings (LIKE user_security_settings INCLUDING ALL);
ALTER TABLE user_payment_settings ADD FOREIGN KEY (user_id) REFERENCES users (id);
CREATE TABLE user_privacy_settings (LIKE user_security_settings INCLUDING ALL);
ALTER TABLE user_privacy_settings ADD FOREIGN KEY (user_id) REFERENCES users (id);
CREATE TABLE user_appearance_settings (LIKE user_security_settings INCLUDING ALL);
ALTER TABLE user_appearance_settings ADD FOREIGN KEY (user_id) REFERENCES users (id);

-- every existing app user gets the five new rows (new ones get them with the app user)
INSERT INTO user_security_settings (user_id) SELECT id FROM users;
INSERT INTO user_notification_preferences (user_id) SELECT id FROM users;
INSERT INTO user_payment_settings (user_id) SELECT id FROM users;
INSERT INTO user_privacy_settings (user_id) SELECT id FROM users;
INSERT INTO user_appearance_settings (user_id) SELECT id FROM users;
