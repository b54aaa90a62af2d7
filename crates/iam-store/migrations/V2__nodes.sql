-- nodes: every iamd node on this database, the newest change its working set holds and when it
-- last said so (every half second). A write is acknowledged once every live node (seen in the
-- last 3 s) holds it, or after the sync bound.
CREATE TABLE nodes (
    node TEXT PRIMARY KEY,
    applied BIGINT NOT NULL,
    seen TIMESTAMPTZ NOT NULL DEFAULT now()
);
