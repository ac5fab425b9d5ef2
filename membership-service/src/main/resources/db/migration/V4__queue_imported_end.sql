-- where the imported entries end (the last place one holds): a legacy entry arriving during the import joins right
-- behind them, in front of the entries joined here, in one probe of this index
CREATE INDEX membership_queue_imported_position ON membership_queue (position) WHERE legacy_position IS NOT NULL;
