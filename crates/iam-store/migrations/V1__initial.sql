-- iamd on PostgreSQL (postgres.rs). The working set's records, the change sequence every node
-- follows, and the audit events with the columns LookupEvents filters on.

-- records: (kind, key) -> the entity as the SQLite store keeps it. account/name/owner/versions are
-- copied out of the JSON by the writer for the kinds whose uniqueness and quotas the database
-- enforces on its own, whatever a node believes: one entity per name in an account (case
-- insensitive), two access keys per owner, five versions per managed policy.
CREATE TABLE records (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value BYTEA NOT NULL,
    account TEXT,
    name TEXT,
    owner TEXT,
    versions INTEGER CHECK (versions IS NULL OR versions <= 5),
    PRIMARY KEY (kind, key)
);
CREATE UNIQUE INDEX records_one_name ON records (kind, account, lower(name))
    WHERE name IS NOT NULL;
CREATE INDEX records_keys_by_owner ON records (account, owner) WHERE kind = 'key';

CREATE FUNCTION records_key_quota() RETURNS trigger AS $$
BEGIN
    IF NEW.kind = 'key' AND (SELECT count(*) FROM records
            WHERE kind = 'key' AND account = NEW.account AND owner = NEW.owner) > 2 THEN
        RAISE EXCEPTION 'access key quota: more than 2 keys for % in %', NEW.owner, NEW.account
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER records_key_quota AFTER INSERT OR UPDATE ON records
    FOR EACH ROW WHEN (NEW.kind = 'key') EXECUTE FUNCTION records_key_quota();

-- changes: one row per committed batch of record changes, numbered without gaps by the node
-- holding the cluster's write lock (the primary key fences a node that lost the lock).
CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    node TEXT NOT NULL,
    committed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL,
    account TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    event_name TEXT NOT NULL,
    event_source TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    username TEXT,
    access_key_id TEXT,
    record TEXT NOT NULL
);
CREATE UNIQUE INDEX events_by_id ON events (event_id, account);
CREATE INDEX events_by_time ON events (account, time_ms, seq);
CREATE INDEX events_by_name ON events (account, event_name, time_ms, seq);
CREATE INDEX events_by_source ON events (account, event_source, time_ms, seq);
CREATE INDEX events_by_read_only ON events (account, read_only, time_ms, seq);
CREATE INDEX events_by_user ON events (account, username, time_ms, seq)
    WHERE username IS NOT NULL;
CREATE INDEX events_by_key ON events (account, access_key_id, time_ms, seq)
    WHERE access_key_id IS NOT NULL;
CREATE TABLE event_resources (
    seq BIGINT NOT NULL,
    ord BIGINT NOT NULL,
    account TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_name TEXT NOT NULL
);
CREATE INDEX event_resources_by_seq ON event_resources (seq);
CREATE INDEX event_resources_by_name ON event_resources (account, resource_name, time_ms, seq);
CREATE INDEX event_resources_by_type ON event_resources (account, resource_type, time_ms, seq);
