-- The legacy position an imported queue entry last had (null for an entry joined here): the cutover's import puts the
-- imported entries in this order once per batch, reading them through this index. It counted the imported entries
-- ahead in the ledger (the JSON of every legacy queue row, and the whole queue for its length) for each entry, then
-- shifted every entry behind it: O(n) a row, O(n²) for the queue (26 ms a row at 50,000 entries for the counts).
ALTER TABLE membership_queue ADD COLUMN legacy_position integer;
CREATE INDEX membership_queue_legacy_position ON membership_queue (legacy_position, position)
    WHERE legacy_position IS NOT NULL;

-- entries imported before: their legacy position as the ledger last knew it, through the legacy user they belong to
UPDATE membership_queue q SET legacy_position = CAST(entry.row ->> 'position' AS integer)
FROM legacy_row entry
JOIN legacy_row app_user ON app_user.source_table = 'public.users' AND app_user.legacy_id = entry.row ->> 'user_id'
    AND app_user.applied
WHERE entry.source_table = 'public.membership_queue' AND entry.applied AND NOT entry.deleted
  AND entry.row ->> 'position' ~ '^-?[0-9]{1,9}$'
  AND CAST(q.user_id AS text) = lower(app_user.row ->> 'auth_user_id');
