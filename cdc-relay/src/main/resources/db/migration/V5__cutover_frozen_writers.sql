-- What freeze took from the legacy app (its roles made read-only, the API roles' write privileges revoked), kept to
-- give exactly that back on unfreeze or rollback.
ALTER TABLE cutover_state ADD COLUMN frozen_writers jsonb NOT NULL DEFAULT '{"roles": [], "revoked": []}';
