-- The legacy tables' columns as the capture first saw them: a later difference is a DDL change on the legacy side
-- (not replicated by logical decoding), reported by the cutover's status and report.
CREATE TABLE legacy_schema (
    table_name  varchar(255) PRIMARY KEY,
    columns     text         NOT NULL,
    recorded_at timestamptz  NOT NULL DEFAULT now()
);
