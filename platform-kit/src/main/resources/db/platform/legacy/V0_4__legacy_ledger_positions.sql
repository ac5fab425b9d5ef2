-- Where the change last applied to each legacy row stands (LegacyChange.Position): its topic's partition and offset,
-- and for a streamed change Debezium's sequence (the last commit's LSN, the change's LSN) and transaction id. An
-- older or equal change is skipped, so a replayed topic or a change the relay sends twice never regresses a row.
ALTER TABLE legacy_row
    ADD COLUMN topic_partition integer NOT NULL DEFAULT -1,
    ADD COLUMN topic_offset    bigint  NOT NULL DEFAULT -1,
    ADD COLUMN commit_lsn      bigint,
    ADD COLUMN change_lsn      bigint,
    ADD COLUMN tx_id           bigint;
