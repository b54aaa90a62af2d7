-- The CloudTrail log files of a cluster (trail.rs, postgres_events.rs): where the deliveries
-- stand, shared by the nodes that run with --trail-dir. One row: every event up to
-- delivered_seq is in a file; `cursor` is the trail's cursor as JSON (a delivery planned and
-- the files of it already written, the last delivery's time). Written only by the node holding
-- the trail's advisory lock. Retention never deletes an event past delivered_seq while the row
-- exists.
CREATE TABLE trail_cursor (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    delivered_seq BIGINT NOT NULL,
    cursor TEXT NOT NULL,
    node TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
