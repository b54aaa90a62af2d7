-- Incremental catch-up (Store::changes_since): what each change did to the records, so a node
-- applies only the records changed since the change it holds instead of reloading them all.
-- records.changed_seq: the change that last put the record (0: before this migration).
ALTER TABLE records ADD COLUMN changed_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX records_by_change ON records (changed_seq);
-- record_deletes: a deleted record's last value and the change that deleted it (a record put
-- again later is in records, and that wins).
CREATE TABLE record_deletes (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    seq BIGINT NOT NULL,
    value BYTEA NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX record_deletes_by_seq ON record_deletes (seq);
-- changes.reload: the change removed every record (open mode's reset): nodes reload.
ALTER TABLE changes ADD COLUMN reload BOOLEAN NOT NULL DEFAULT false;
-- change_log.since: the log answers for every change after this one (older deletions pruned;
-- records changed before this migration carry no change number). A node holding an older
-- change reloads its working set.
CREATE TABLE change_log (
    one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    since BIGINT NOT NULL
);
INSERT INTO change_log (since) SELECT coalesce(max(seq), 0) FROM changes;
