-- profile: the app user of each identity user, its profile and settings;
-- the outbox and processed_event come from shared-events (db/platform).

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    auth_user_id   uuid         NOT NULL UNIQUE,
    email          varchar(320),
    email_verified boolean      NOT NULL DEFAULT false,
    status         varchar(16)  NOT NULL CHECK (status IN ('Pending', 'Active', 'Suspended', 'Closed')),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE user_profiles (
    user_id       uuid PRIMARY KEY REFERENCES users (id),
    display_name  varchar(100),
    first_name    varchar(100),
    last_name     varchar(100),
    date_of_birth date,
    avatar_url    varchar(2048),
    bio           varchar(2000),
    locale        varchar(35),
    time_zone     varchar(64),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- general settings; the other five settings tables come with their features
CREATE TABLE user_settings (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    language   varchar(35) NOT NULL DEFAULT 'en',
    time_zone  varchar(64) NOT NULL DEFAULT 'UTC',
    version    integer     NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
