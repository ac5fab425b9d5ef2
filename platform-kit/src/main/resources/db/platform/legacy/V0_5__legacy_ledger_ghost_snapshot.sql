-- For a row last changed by a ghost row's delete (cdc-relay's, of a row its legacy snapshot lacked): that snapshot's
-- transactions (pg_current_snapshot() as text). A streamed change the snapshot saw committed (Debezium behind the
-- sweep, or sending changes again after a crash) is older than the delete and skipped; one it did not see is newer.
ALTER TABLE legacy_row ADD COLUMN missing_in text;
