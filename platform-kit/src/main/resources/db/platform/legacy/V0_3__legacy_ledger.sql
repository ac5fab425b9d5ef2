-- The legacy importer's ledger (cutover): the last known state of every legacy row this service imports, as
-- captured (TOASTed values merged), with its digest for the reconciliation; applied = false while the row waits
-- for what it refers to (its user). Problems are rows that cannot be imported, with the reason.
-- Shared through spring.flyway.locations (classpath:db/platform/legacy).
CREATE TABLE legacy_row (
    source_table varchar(128) NOT NULL,
    legacy_id    varchar(64)  NOT NULL,
    row          jsonb        NOT NULL,
    digest       char(64)     NOT NULL,
    deleted      boolean      NOT NULL DEFAULT false,
    applied      boolean      NOT NULL DEFAULT false,
    waits_for    varchar(64),
    source_at    timestamptz  NOT NULL,
    applied_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, legacy_id)
);
CREATE INDEX legacy_row_waiting ON legacy_row (waits_for) WHERE NOT applied;

CREATE TABLE legacy_problem (
    source_table varchar(128) NOT NULL,
    legacy_id    varchar(64)  NOT NULL,
    reason       varchar(500) NOT NULL,
    noted_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, legacy_id)
);
