//! The SQLite store with group commit (see NOTES: one fsync per commit, ~3 ms here, so durable
//! writes at speed need batching). Records and audit events share the one writer thread, so an
//! event and the write it describes commit in the same transaction.
use iam_core::audit::{
    COMPLETION_WAIT, EventQuery, EventRecord, EventResource, LookupAttribute, StoredEvent,
};
use iam_core::store::{Ack, Change, Record, Store, StoreError};
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use tokio::sync::oneshot;

/// What the writer thread is handed, in submission order.
enum Job {
    /// A write's record changes (perhaps with the event of its request), acknowledged once
    /// committed. No changes: a barrier, acknowledged once everything before it is committed.
    Write(Vec<Change>, oneshot::Sender<Result<(), StoreError>>),
    /// Events that describe no change, committed with the next group commit.
    Events {
        events: Vec<EventRecord>,
        replace: bool,
        ack: Option<oneshot::Sender<Result<(), StoreError>>>,
    },
    /// A retention batch (`retention::prune_batch`), in a transaction of its own.
    Prune {
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
        ack: oneshot::Sender<Result<usize, StoreError>>,
    },
}

/// Events queued and not yet committed beyond which `append_events` makes its caller wait
/// (about 20 MB of records): a burst is absorbed, a sustained overload slows requests down
/// instead of growing memory or dropping events.
const QUEUED_EVENTS_BOUND: usize = 20_000;

pub struct SqliteStore {
    path: std::path::PathBuf,
    jobs: mpsc::Sender<Job>,
    /// Events handed to `append_events` and not yet committed.
    queued: Arc<AtomicUsize>,
    /// The connection lookups read with (WAL: readers never block the writer).
    reader: parking_lot::Mutex<Option<Connection>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

/// The schema. `records`: the working set's records. `events`: one row per CloudTrail record
/// (the record JSON in `record`, the columns LookupEvents filters on beside it), `seq` in
/// commit order; `event_resources`: the resources each event names. Every lookup is one
/// account's events newest first, so each index leads with the account, then the attribute,
/// then the time: a filtered page is an index range scan of at most a page, whatever the
/// number of events.
const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value BLOB NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        account TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        event_name TEXT NOT NULL,
        event_source TEXT NOT NULL,
        read_only INTEGER NOT NULL,
        username TEXT,
        access_key_id TEXT,
        record TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (event_id, account);
    CREATE INDEX IF NOT EXISTS events_by_time ON events (account, time_ms, seq);
    CREATE INDEX IF NOT EXISTS events_by_name ON events (account, event_name, time_ms, seq);
    CREATE INDEX IF NOT EXISTS events_by_source ON events (account, event_source, time_ms, seq);
    CREATE INDEX IF NOT EXISTS events_by_read_only ON events (account, read_only, time_ms, seq);
    CREATE INDEX IF NOT EXISTS events_by_user ON events (account, username, time_ms, seq)
        WHERE username IS NOT NULL;
    CREATE INDEX IF NOT EXISTS events_by_key ON events (account, access_key_id, time_ms, seq)
        WHERE access_key_id IS NOT NULL;
    CREATE TABLE IF NOT EXISTS event_resources (
        seq INTEGER NOT NULL,
        account TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        resource_type TEXT NOT NULL,
        resource_name TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS event_resources_by_seq ON event_resources (seq);
    CREATE INDEX IF NOT EXISTS event_resources_by_name
        ON event_resources (account, resource_name, time_ms, seq);
    CREATE INDEX IF NOT EXISTS event_resources_by_type
        ON event_resources (account, resource_type, time_ms, seq);
";

fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(err)?;
    // WAL + FULL: a COMMIT returns only after the WAL is fsync'd, so an acknowledged write
    // survives kill -9 and power loss.
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         PRAGMA synchronous=FULL;
         PRAGMA busy_timeout=5000;",
    )
    .map_err(err)?;
    conn.execute_batch(SCHEMA).map_err(err)?;
    Ok(conn)
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

impl SqliteStore {
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = open_connection(&path)?;
        let (tx, rx) = mpsc::channel::<Job>();
        let queued = Arc::new(AtomicUsize::new(0));
        let writer_queued = queued.clone();
        std::thread::Builder::new()
            .name("iamd-store-writer".into())
            .spawn(move || writer(conn, rx, writer_queued))
            .map_err(|e| StoreError(e.to_string()))?;
        Ok(Self {
            path,
            jobs: tx,
            queued,
            reader: parking_lot::Mutex::new(None),
        })
    }
}

/// The single writer: takes every job queued right now, commits them in one transaction, in
/// queue order, then acknowledges each.
fn writer(mut conn: Connection, rx: mpsc::Receiver<Job>, queued: Arc<AtomicUsize>) {
    // A retention batch found while gathering a group: run on its own, next.
    let mut next: Option<Job> = None;
    while let Some(first) = next.take().or_else(|| rx.recv().ok()) {
        if let Job::Prune {
            before_ms,
            upto_seq,
            limit,
            ack,
        } = first
        {
            let _ = ack.send(crate::retention::prune_batch(
                &mut conn, before_ms, upto_seq, limit,
            ));
            continue;
        }
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            if matches!(more, Job::Prune { .. }) {
                next = Some(more);
                break;
            }
            batch.push(more);
            if batch.len() >= 1024 {
                break;
            }
        }
        let started = std::time::Instant::now();
        let result = commit(&mut conn, &batch);
        metrics::histogram!("iamd_store_commit_seconds").record(started.elapsed().as_secs_f64());
        for job in batch {
            match job {
                Job::Write(_, ack) => {
                    let _ = ack.send(result.clone());
                }
                Job::Events { events, ack, .. } => {
                    queued.fetch_sub(events.len(), Ordering::AcqRel);
                    if let Err(e) = &result {
                        tracing::error!(error = %e, lost = events.len(), "audit events not stored");
                    }
                    if let Some(ack) = ack {
                        let _ = ack.send(result.clone());
                    }
                }
                Job::Prune { .. } => {}
            }
        }
    }
}

fn commit(conn: &mut Connection, batch: &[Job]) -> Result<(), StoreError> {
    let empty = batch.iter().all(|j| match j {
        Job::Write(changes, _) => changes.is_empty(),
        Job::Events { events, .. } => events.is_empty(),
        Job::Prune { .. } => true,
    });
    if empty {
        return Ok(());
    }
    let tx = conn.transaction().map_err(err)?;
    {
        let mut put = tx
            .prepare_cached("INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)")
            .map_err(err)?;
        let mut del = tx
            .prepare_cached("DELETE FROM records WHERE kind = ?1 AND key = ?2")
            .map_err(err)?;
        let mut events = EventWriter::new(&tx)?;
        for job in batch {
            match job {
                Job::Write(changes, _) => {
                    for c in changes {
                        match c {
                            Change::Put { kind, key, value } => {
                                put.execute(params![kind, key, value]).map_err(err)?;
                            }
                            Change::Delete { kind, key } => {
                                del.execute(params![kind, key]).map_err(err)?;
                            }
                            Change::DeleteAll => {
                                tx.execute("DELETE FROM records", []).map_err(err)?;
                            }
                            // INVARIANT (event-with-write): in this write's transaction.
                            Change::Event(pending) => {
                                for e in pending.take(COMPLETION_WAIT) {
                                    events.insert(&e)?;
                                }
                            }
                        }
                    }
                }
                Job::Events {
                    events: list,
                    replace,
                    ..
                } => {
                    for e in list {
                        if *replace {
                            events.replace(e)?;
                        } else {
                            events.insert(e)?;
                        }
                    }
                }
                Job::Prune { .. } => {}
            }
        }
    }
    tx.commit().map_err(err)
}

/// The statements that store events, prepared once per transaction.
struct EventWriter<'c> {
    event: rusqlite::CachedStatement<'c>,
    resource: rusqlite::CachedStatement<'c>,
    tx: &'c rusqlite::Transaction<'c>,
}

impl<'c> EventWriter<'c> {
    fn new(tx: &'c rusqlite::Transaction<'c>) -> Result<Self, StoreError> {
        Ok(EventWriter {
            event: tx
                .prepare_cached(
                    "INSERT INTO events (event_id, account, time_ms, event_name, event_source, \
                     read_only, username, access_key_id, record) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(err)?,
            resource: tx
                .prepare_cached(
                    "INSERT INTO event_resources (seq, account, time_ms, resource_type, \
                     resource_name) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?,
            tx,
        })
    }

    fn insert(&mut self, e: &EventRecord) -> Result<(), StoreError> {
        let inserted = self.event.execute(params![
            e.event_id,
            e.account_id,
            e.time_ms,
            e.event_name,
            e.event_source,
            e.read_only,
            e.username,
            e.access_key_id,
            e.json
        ]);
        match inserted {
            Ok(_) => {}
            // The same event twice (a replacement raced its original): keep the newer.
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                return self.replace(e);
            }
            Err(e) => return Err(err(e)),
        }
        let seq = self.tx.last_insert_rowid();
        for r in &e.resources {
            self.resource
                .execute(params![
                    seq,
                    e.account_id,
                    e.time_ms,
                    r.resource_type,
                    r.resource_name
                ])
                .map_err(err)?;
        }
        Ok(())
    }

    /// Replaces the stored copy of `e` (same event ID and account), keeping its place.
    fn replace(&mut self, e: &EventRecord) -> Result<(), StoreError> {
        let seq: Option<i64> = self
            .tx
            .query_row(
                "SELECT seq FROM events WHERE event_id = ?1 AND account = ?2",
                params![e.event_id, e.account_id],
                |r| r.get(0),
            )
            .ok();
        let Some(seq) = seq else {
            return self.insert(e);
        };
        self.tx
            .execute(
                "UPDATE events SET time_ms = ?2, event_name = ?3, event_source = ?4, \
                 read_only = ?5, username = ?6, access_key_id = ?7, record = ?8 WHERE seq = ?1",
                params![
                    seq,
                    e.time_ms,
                    e.event_name,
                    e.event_source,
                    e.read_only,
                    e.username,
                    e.access_key_id,
                    e.json
                ],
            )
            .map_err(err)?;
        self.tx
            .execute("DELETE FROM event_resources WHERE seq = ?1", params![seq])
            .map_err(err)?;
        for r in &e.resources {
            self.resource
                .execute(params![
                    seq,
                    e.account_id,
                    e.time_ms,
                    r.resource_type,
                    r.resource_name
                ])
                .map_err(err)?;
        }
        Ok(())
    }
}

/// The SQL of a lookup for the query's attribute, and the attribute's value (`?5`). Every form
/// is one index range scan, newest first: `events` by (account, attribute, time) — or by
/// (account, time) without an attribute —, or for a resource `event_resources` by (account,
/// resource, time) joined to its events.
fn lookup_sql(a: &Option<LookupAttribute>) -> (String, rusqlite::types::Value) {
    use rusqlite::types::Value as V;
    const COLUMNS: &str = "e.seq, e.event_id, e.time_ms, e.event_name, e.event_source, \
                           e.read_only, e.username, e.access_key_id, e.record";
    let on_events = |filter: &str| {
        format!(
            "SELECT {COLUMNS} FROM events e \
             WHERE e.account = ?1 AND e.time_ms BETWEEN ?2 AND ?3 \
             AND (e.time_ms, e.seq) < (?4, ?6) AND {filter} \
             ORDER BY e.time_ms DESC, e.seq DESC LIMIT ?7"
        )
    };
    let on_resources = |column: &str| {
        format!(
            "SELECT DISTINCT {COLUMNS} FROM event_resources r JOIN events e ON e.seq = r.seq \
             WHERE r.account = ?1 AND r.{column} = ?5 AND r.time_ms BETWEEN ?2 AND ?3 \
             AND (r.time_ms, r.seq) < (?4, ?6) \
             ORDER BY r.time_ms DESC, r.seq DESC LIMIT ?7"
        )
    };
    match a {
        None => (on_events("1 = ?5"), V::Integer(1)),
        Some(LookupAttribute::EventId(v)) => (on_events("e.event_id = ?5"), V::Text(v.clone())),
        Some(LookupAttribute::EventName(v)) => (on_events("e.event_name = ?5"), V::Text(v.clone())),
        Some(LookupAttribute::EventSource(v)) => {
            (on_events("e.event_source = ?5"), V::Text(v.clone()))
        }
        Some(LookupAttribute::ReadOnly(v)) => {
            (on_events("e.read_only = ?5"), V::Integer(i64::from(*v)))
        }
        Some(LookupAttribute::Username(v)) => (on_events("e.username = ?5"), V::Text(v.clone())),
        Some(LookupAttribute::AccessKeyId(v)) => {
            (on_events("e.access_key_id = ?5"), V::Text(v.clone()))
        }
        Some(LookupAttribute::ResourceName(v)) => {
            (on_resources("resource_name"), V::Text(v.clone()))
        }
        Some(LookupAttribute::ResourceType(v)) => {
            (on_resources("resource_type"), V::Text(v.clone()))
        }
    }
}

impl SqliteStore {
    fn lookup(&self, conn: &Connection, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let (sql, value) = lookup_sql(&q.attribute);
        // ?4, ?6: the cursor, as one comparison on (time_ms, seq).
        let (after_time, after_seq) = q.after.map_or((i64::MAX, i64::MAX), |c| (c.time_ms, c.seq));
        let mut stmt = conn.prepare_cached(&sql).map_err(err)?;
        let rows = stmt
            .query_map(
                params![
                    q.account_id,
                    q.start_ms,
                    q.end_ms,
                    after_time,
                    value,
                    after_seq,
                    q.limit as i64
                ],
                |r| {
                    Ok(StoredEvent {
                        seq: r.get(0)?,
                        record: EventRecord {
                            event_id: r.get(1)?,
                            account_id: q.account_id.clone(),
                            time_ms: r.get(2)?,
                            event_name: r.get(3)?,
                            event_source: r.get(4)?,
                            read_only: r.get(5)?,
                            username: r.get(6)?,
                            access_key_id: r.get(7)?,
                            resources: Vec::new(),
                            json: r.get(8)?,
                        },
                    })
                },
            )
            .map_err(err)?;
        let mut found = rows.collect::<Result<Vec<_>, _>>().map_err(err)?;
        let mut res = conn
            .prepare_cached(
                "SELECT resource_type, resource_name FROM event_resources WHERE seq = ?1 \
                 ORDER BY rowid",
            )
            .map_err(err)?;
        for e in &mut found {
            e.record.resources = res
                .query_map(params![e.seq], |r| {
                    Ok(EventResource {
                        resource_type: r.get(0)?,
                        resource_name: r.get(1)?,
                    })
                })
                .map_err(err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
        }
        Ok(found)
    }
}

impl SqliteStore {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues one retention batch on the writer (`retention::prune_batch`): resolves to the
    /// number of events deleted.
    pub fn prune_events(
        &self,
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
    ) -> oneshot::Receiver<Result<usize, StoreError>> {
        let (tx, rx) = oneshot::channel();
        if let Err(mpsc::SendError(Job::Prune { ack, .. })) = self.jobs.send(Job::Prune {
            before_ms,
            upto_seq,
            limit,
            ack: tx,
        }) {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        rx
    }
}

impl Store for SqliteStore {
    fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        let conn = open_connection(&self.path)?;
        let mut stmt = conn
            .prepare("SELECT kind, key, value FROM records")
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Record {
                    kind: r.get(0)?,
                    key: r.get(1)?,
                    value: r.get(2)?,
                })
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)
    }

    fn submit(&self, changes: Vec<Change>) -> Ack {
        let (tx, rx) = oneshot::channel();
        if let Err(mpsc::SendError(job)) = self.jobs.send(Job::Write(changes, tx))
            && let Job::Write(_, ack) = job
        {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        rx
    }

    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack> {
        if events.is_empty() {
            return None;
        }
        let before = self.queued.fetch_add(events.len(), Ordering::AcqRel);
        let (ack, wait) = if before >= QUEUED_EVENTS_BOUND {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let n = events.len();
        if self
            .jobs
            .send(Job::Events {
                events,
                replace,
                ack,
            })
            .is_err()
        {
            self.queued.fetch_sub(n, Ordering::AcqRel);
            tracing::error!(lost = n, "store writer stopped: audit events not stored");
        }
        wait
    }

    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let mut reader = self.reader.lock();
        if reader.is_none() {
            *reader = Some(open_connection(&self.path)?);
        }
        let conn = reader
            .as_ref()
            .ok_or_else(|| StoreError("no reader".into()))?;
        self.lookup(conn, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::audit::{EventCursor, PendingEvent};

    #[tokio::test]
    async fn batches_are_durable_and_ordered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        {
            let store = SqliteStore::open(&path).unwrap();
            let mut acks = Vec::new();
            for i in 0..100 {
                acks.push(store.submit(vec![Change::Put {
                    kind: "user",
                    key: "same".into(),
                    value: format!("{i}").into_bytes(),
                }]));
            }
            acks.push(store.submit(vec![Change::Delete {
                kind: "user",
                key: "gone".into(),
            }]));
            for a in acks {
                a.await.unwrap().unwrap();
            }
        }
        let store = SqliteStore::open(&path).unwrap();
        let all = store.load_all().unwrap();
        assert_eq!(all.len(), 1);
        // Last submission wins: batches commit in submission order.
        assert_eq!(all[0].value, b"99");
        store
            .submit(vec![Change::DeleteAll])
            .await
            .unwrap()
            .unwrap();
        assert!(store.load_all().unwrap().is_empty());
    }

    /// A database written before accounts had a partition (their records carry no `partition`
    /// member) opens, and its accounts are in partition `aws`: their ARNs read as before.
    #[tokio::test]
    async fn records_written_before_partitions_load_as_partition_aws() {
        use iam_core::secrets::MasterKey;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let master = MasterKey::generate();
        {
            // The records exactly as the earlier iamd encoded them (JSON values of `records`).
            let conn = open_connection(&path).unwrap();
            let sealed = master.seal("old-secret");
            let rows = [
                (
                    "account",
                    "123456789012",
                    r#"{"id":"123456789012","create_date":1700000000,"aliases":[],"password_policy":null,"global_endpoint_token_version":null,"outbound_federation":null}"#.to_string(),
                ),
                (
                    "user",
                    "AIDAOLDUSER000000001",
                    r#"{"id":"AIDAOLDUSER000000001","account_id":"123456789012","name":"alice","path":"/","create_date":1700000000,"tags":[],"permissions_boundary":null,"inline_policies":{},"attached_policies":["arn:aws:iam::aws:policy/ReadOnlyAccess"],"groups":[],"login_profile":null,"password_last_used":null}"#.to_string(),
                ),
                (
                    "key",
                    "AKIAOLDUSERKEY000001",
                    format!(
                        r#"{{"id":"AKIAOLDUSERKEY000001","account_id":"123456789012","owner":{{"User":"AIDAOLDUSER000000001"}},"status":"Active","create_date":1700000000,"sealed_secret":"{sealed}","last_used":null}}"#
                    ),
                ),
                ("meta", "default_account", "123456789012".to_string()),
            ];
            for (kind, key, value) in rows {
                conn.execute(
                    "INSERT INTO records (kind, key, value) VALUES (?1, ?2, ?3)",
                    params![kind, key, value.into_bytes()],
                )
                .unwrap();
            }
        }
        let store = SqliteStore::open(&path).unwrap();
        let iam = iam_core::Iam::open(std::sync::Arc::new(store), master).unwrap();
        assert_eq!(
            iam.account_partition("123456789012"),
            Some(iam_core::Partition::aws())
        );
        let key = iam.lookup_key("AKIAOLDUSERKEY000001").expect("the old key");
        assert_eq!(key.secret.expose(), "old-secret");
        assert_eq!(key.caller.partition, iam_core::Partition::aws());
        assert_eq!(key.caller.arn(), "arn:aws:iam::123456789012:user/alice");
        // The attached AWS-managed policy still resolves in the account's partition.
        let resolved = iam.read(|state| {
            let acct = state.account("123456789012").unwrap();
            let user = acct.user_by_name("alice").unwrap();
            iam_core::catalog::Catalog::get()
                .by_arn(acct.partition(), &user.attached_policies[0])
                .map(|p| p.name.clone())
        });
        assert_eq!(resolved.as_deref(), Some("ReadOnlyAccess"));
        let snapshot = iam.persisted_snapshot();
        assert_eq!(
            snapshot["accounts"]["123456789012"]["account"]["partition"],
            "aws"
        );
    }

    fn event(id: &str, account: &str, time_ms: i64, name: &str) -> EventRecord {
        EventRecord {
            event_id: id.into(),
            account_id: account.into(),
            time_ms,
            event_name: name.into(),
            event_source: "iam.amazonaws.com".into(),
            read_only: name.starts_with("Get"),
            username: Some("alice".into()),
            access_key_id: Some("AKIAEXAMPLE".into()),
            resources: vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: format!("user-{id}"),
            }],
            json: format!("{{\"eventID\":\"{id}\"}}"),
        }
    }

    fn query(account: &str, attribute: Option<LookupAttribute>) -> EventQuery {
        EventQuery {
            account_id: account.into(),
            attribute,
            start_ms: i64::MIN,
            end_ms: i64::MAX,
            after: None,
            limit: 50,
        }
    }

    #[tokio::test]
    async fn events_commit_with_their_write_and_are_looked_up_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        {
            let store = SqliteStore::open(&path).unwrap();
            let write = PendingEvent::complete(vec![event("w", "111", 2_000, "CreateUser")]);
            store
                .submit(vec![
                    Change::Put {
                        kind: "user",
                        key: "u".into(),
                        value: b"{}".to_vec(),
                    },
                    Change::Event(write),
                ])
                .await
                .unwrap()
                .unwrap();
            assert!(
                store
                    .append_events(
                        vec![
                            event("r1", "111", 1_000, "GetUser"),
                            event("r2", "111", 3_000, "GetUser"),
                            event("o", "222", 3_000, "GetUser"),
                        ],
                        false,
                    )
                    .is_none()
            );
            // A barrier: everything queued before it is committed.
            store.submit(Vec::new()).await.unwrap().unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        let ids = |found: Vec<StoredEvent>| -> Vec<String> {
            found.into_iter().map(|e| e.record.event_id).collect()
        };
        assert_eq!(
            ids(store.lookup_events(&query("111", None)).unwrap()),
            ["r2", "w", "r1"]
        );
        let by_name = query("111", Some(LookupAttribute::EventName("CreateUser".into())));
        let found = store.lookup_events(&by_name).unwrap();
        assert_eq!(found[0].record.resources[0].resource_name, "user-w");
        assert_eq!(ids(found), ["w"]);
        for attribute in [
            LookupAttribute::ReadOnly(true),
            LookupAttribute::Username("alice".into()),
            LookupAttribute::AccessKeyId("AKIAEXAMPLE".into()),
            LookupAttribute::EventSource("iam.amazonaws.com".into()),
            LookupAttribute::ResourceType("AWS::IAM::User".into()),
        ] {
            assert!(
                store
                    .lookup_events(&query("111", Some(attribute.clone())))
                    .unwrap()
                    .len()
                    >= 2,
                "{attribute:?}"
            );
        }
        let by_resource = query("111", Some(LookupAttribute::ResourceName("user-r1".into())));
        assert_eq!(ids(store.lookup_events(&by_resource).unwrap()), ["r1"]);
        let by_id = query("222", Some(LookupAttribute::EventId("o".into())));
        assert_eq!(ids(store.lookup_events(&by_id).unwrap()), ["o"]);
        // Pages: after the newest, the next two; a time range.
        let first = store.lookup_events(&query("111", None)).unwrap();
        let mut next = query("111", None);
        next.after = Some(EventCursor {
            time_ms: first[0].record.time_ms,
            seq: first[0].seq,
        });
        assert_eq!(ids(store.lookup_events(&next).unwrap()), ["w", "r1"]);
        let mut range = query("111", None);
        range.start_ms = 1_500;
        range.end_ms = 2_500;
        assert_eq!(ids(store.lookup_events(&range).unwrap()), ["w"]);
        // A replacement keeps the event's place and changes its record.
        let mut newer = event("w", "111", 2_000, "CreateUser");
        newer.json = "{\"eventID\":\"w\",\"errorCode\":\"X\"}".into();
        store.append_events(vec![newer.clone()], true);
        store.submit(Vec::new()).await.unwrap().unwrap();
        let found = store.lookup_events(&by_name).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record.json, newer.json);
    }
}
