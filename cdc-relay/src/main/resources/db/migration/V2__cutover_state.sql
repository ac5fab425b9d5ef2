-- Where the cutover stands: capturing the legacy database, or ended (finalized: the new services are the system
-- of record; rolled back: the legacy stays it), with who ended it and when. One row.
CREATE TABLE cutover_state (
    id         integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    state      varchar(16) NOT NULL CHECK (state IN ('capturing', 'finalized', 'rolled_back')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by varchar(255)
);
INSERT INTO cutover_state (state) VALUES ('capturing');
