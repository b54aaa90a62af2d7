//! The PostgreSQL store (`iamd serve --store postgres://…`): the same `Store` seam as SQLite, for
//! several stateless nodes on one database.
//!
//! - Writes: one writer task per node with its own connection does group commit (every batch
//!   waiting at that moment in one transaction, acknowledged only after COMMIT returned).
//! - Cluster: every transaction that changes records also inserts the next row of `changes`
//!   (a gapless sequence) and NOTIFYs `iamd_changes`. A node writes only while it holds the
//!   cluster's write lock (a session advisory lock on the writer's connection) and after its
//!   working set holds every change before it (`Store::write_turn`, `Iam::catch_up`), so
//!   writes are serial across nodes: a name race has one winner, quotas hold. The sequence's
//!   primary key fences a node that lost its lock (its next commit fails, unacknowledged), and
//!   the schema itself refuses a second entity of a name, a third key, a sixth version.
//! - Followers: a LISTEN connection wakes the node on each commit elsewhere, a poll every
//!   `POLL` catches a lost notification; `Iam::follow_store` catches up: record by record
//!   from the change log (`changes_since`: each commit stores its change number with the
//!   records it puts, and the last value of those it deletes), or by a full reload.
//! - Reads of the audit events (LookupEvents) go through a small deadpool pool.
//!
//! The driver is async (tokio-postgres) and the `Store` trait partly synchronous, so the store
//! runs its own small runtime on threads of its own; synchronous calls wait on a channel.
use iam_core::audit::StoredEvent;
use iam_core::audit::{COMPLETION_WAIT, EventQuery, EventRecord, EventResource, LookupAttribute};
use iam_core::store::{Ack, Change, ChangeSet, Record, Store, StoreError, StoreFuture, WriteTurn};
use parking_lot::Mutex;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio_postgres::NoTls;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The advisory lock key of the cluster's write lock ("iamd").
const WRITE_LOCK: i64 = 0x6961_6d64;
/// How often a node asks for the newest change besides listening for notifications.
const POLL: Duration = Duration::from_millis(500);
/// How long a node keeps the write lock while its own writes keep coming: past it, new writes
/// wait for the lock to be released and taken again, so other nodes get their turn.
const MAX_HOLD: Duration = Duration::from_millis(20);
/// How long a write's acknowledgement waits for every live node to hold it.
pub const SYNC_BOUND: Duration = Duration::from_secs(1);
/// A node behind the newest change for longer than this is not ready (`GET /ready`).
pub const LAG_READY: Duration = Duration::from_secs(2);
/// A node not seen for this long is not waited for (dead or cut off).
const LIVE: Duration = Duration::from_secs(3);
/// Events queued and not yet committed beyond which `append_events` makes its caller wait.
const QUEUED_EVENTS_BOUND: usize = 20_000;

enum Job {
    Write(Vec<Change>, oneshot::Sender<Result<(), StoreError>>),
    Events {
        events: Vec<EventRecord>,
        ack: Option<oneshot::Sender<Result<(), StoreError>>>,
    },
    /// Take the cluster's write lock (when the lease asks for it).
    Lock,
    /// Release it if no turn is held any more and none was given out after the one whose end
    /// sent this (its write is queued before this job; a later turn's write may be after it).
    MaybeUnlock(u64),
    Prune {
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
        ack: oneshot::Sender<Result<usize, StoreError>>,
    },
}

/// The node's side of the cluster's write lock.
#[derive(Default)]
struct LeaseState {
    /// The writer holds the advisory lock.
    held: bool,
    /// A `Job::Lock` is queued.
    locking: bool,
    /// Held too long: no new turn until it is released.
    draining: bool,
    /// Turns given out and not dropped.
    turns: usize,
    /// Turns given out so far.
    granted: u64,
    since: Option<Instant>,
    /// The newest change when the lock was taken (plus this node's commits since).
    head: i64,
    /// The last attempt to take the lock failed with this.
    failed: Option<String>,
}

struct Shared {
    lease: Mutex<LeaseState>,
    lease_changed: Notify,
    /// The newest change the working set holds.
    applied: AtomicI64,
    /// The change the last `load_all` read (applied once `caught_up`).
    loaded: AtomicI64,
    /// The other nodes: the newest change each holds, and when it last said so.
    peers: Mutex<std::collections::HashMap<String, (i64, Instant)>>,
    peers_changed: Notify,
    /// Writes whose acknowledgement waited for the other nodes, and for how long (µs).
    synced: AtomicI64,
    sync_micros: AtomicI64,
    pool: deadpool_postgres::Pool,
    /// Since when the working set is behind the newest change heard of (`readiness`, the lag).
    behind_since: Mutex<Option<Instant>>,
    /// The newest change heard of (notifications, polls, own commits).
    head: watch::Sender<i64>,
    jobs: mpsc::UnboundedSender<Job>,
    /// Commit times, for `/metrics` (`commit_stats`).
    commits: AtomicI64,
    /// A serving node, whose progress the others wait for (`false`: a one-shot operator
    /// command, `open_tool`, which writes and exits without joining the `nodes` table).
    member: bool,
    commit_micros: AtomicI64,
}

/// A held turn: releases its part of the lease when dropped.
struct TurnGuard(Arc<Shared>);

impl Drop for TurnGuard {
    fn drop(&mut self) {
        let mut lease = self.0.lease.lock();
        lease.turns -= 1;
        if lease.turns == 0 {
            let _ = self.0.jobs.send(Job::MaybeUnlock(lease.granted));
        }
    }
}

pub struct PostgresStore {
    runtime: tokio::runtime::Handle,
    pool: deadpool_postgres::Pool,
    shared: Arc<Shared>,
    queued: Arc<AtomicUsize>,
    /// The URL without its password, for logs.
    shown: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.shown)
            .finish()
    }
}

fn pg(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError(format!("postgres: {}", db.message())),
        None => StoreError(format!("postgres: {e}")),
    }
}

/// Whether `s` names a PostgreSQL database (`--store`).
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// The URL with its password replaced, for logs and messages.
fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn connect(config: &tokio_postgres::Config) -> Result<tokio_postgres::Client, StoreError> {
    let (client, connection) = config.connect(NoTls).await.map_err(pg)?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "postgres connection closed");
        }
    });
    Ok(client)
}

impl PostgresStore {
    /// Connects, runs the migrations, starts the writer, the listener and the poller.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, true)
    }

    /// As `open`, for an operator command (`iamd create-account --store …`): its writes go
    /// through the cluster's write lock and change sequence, and are acknowledged once every
    /// live node holds them, but it never joins `nodes`, so no node waits for it once it exits.
    pub fn open_tool(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, false)
    }

    fn open_as(url: &str, member: bool) -> Result<Self, StoreError> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StoreError(format!("{}: {e}", shown(url))))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("iamd-postgres")
            .enable_all()
            .build()
            .map_err(|e| StoreError(e.to_string()))?;
        let handle = runtime.handle().clone();
        // The runtime lives as long as the process: dropping it inside another runtime panics.
        std::thread::Builder::new()
            .name("iamd-postgres-rt".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .map_err(|e| StoreError(e.to_string()))?;
        let (jobs, rx) = mpsc::unbounded_channel();
        let (head, _) = watch::channel(0);
        let pool = {
            let manager = deadpool_postgres::Manager::from_config(
                config.clone(),
                NoTls,
                deadpool_postgres::ManagerConfig {
                    recycling_method: deadpool_postgres::RecyclingMethod::Fast,
                },
            );
            deadpool_postgres::Pool::builder(manager)
                .max_size(8)
                .build()
                .map_err(|e| StoreError(e.to_string()))?
        };
        let shared = Arc::new(Shared {
            lease: Mutex::new(LeaseState::default()),
            lease_changed: Notify::new(),
            applied: AtomicI64::new(0),
            loaded: AtomicI64::new(0),
            peers: Mutex::new(Default::default()),
            peers_changed: Notify::new(),
            synced: AtomicI64::new(0),
            sync_micros: AtomicI64::new(0),
            pool: pool.clone(),
            behind_since: Mutex::new(None),
            head,
            jobs,
            commits: AtomicI64::new(0),
            commit_micros: AtomicI64::new(0),
            member,
        });
        let queued = Arc::new(AtomicUsize::new(0));
        let start = {
            let config = config.clone();
            let shared = shared.clone();
            let queued = queued.clone();
            async move {
                let mut client = connect(&config).await?;
                embedded::migrations::runner()
                    .run_async(&mut client)
                    .await
                    .map_err(|e| StoreError(format!("migrations: {e}")))?;
                let head = newest_change(&client).await?;
                shared.head.send_replace(head);
                // The other nodes, known before the first write is acknowledged.
                load_peers(&client, &shared).await?;
                tokio::spawn(writer(config.clone(), client, rx, shared.clone(), queued));
                tokio::spawn(listen(config, shared));
                Ok::<(), StoreError>(())
            }
        };
        let store = Self {
            runtime: handle,
            pool: pool.clone(),
            shared,
            queued,
            shown: shown(url),
        };
        store.block_on(start)?;
        let pool = store.pool.clone();
        let shared = store.shared.clone();
        store.runtime.spawn(poll(pool, shared));
        Ok(store)
    }

    /// Runs `fut` on the store's runtime and waits for it (from any thread, inside another
    /// runtime or not).
    fn block_on<T: Send + 'static>(
        &self,
        fut: impl std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.runtime.spawn(async move {
            let _ = tx.send(fut.await);
        });
        rx.recv()
            .map_err(|_| StoreError("postgres runtime stopped".into()))?
    }

    /// The database URL without its password.
    pub fn shown_url(&self) -> &str {
        &self.shown
    }

    /// Group commits so far and the time they took (µs), for `/metrics`.
    pub fn commit_stats(&self) -> (i64, i64) {
        (
            self.shared.commits.load(Ordering::Relaxed),
            self.shared.commit_micros.load(Ordering::Relaxed),
        )
    }

    /// Writes whose acknowledgement waited for other nodes, and the time they waited (µs).
    pub fn sync_stats(&self) -> (i64, i64) {
        (
            self.shared.synced.load(Ordering::Relaxed),
            self.shared.sync_micros.load(Ordering::Relaxed),
        )
    }

    /// The newest change this node's working set holds.
    pub fn applied_seq(&self) -> i64 {
        self.shared.applied.load(Ordering::Acquire)
    }

    /// The newest change any node committed, as this node last heard it.
    pub fn head(&self) -> i64 {
        *self.shared.head.borrow()
    }

    /// Whether the database answers (`/ready`).
    pub fn ping(&self) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        self.block_on(async move {
            let client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            client.simple_query("SELECT 1").await.map_err(pg)?;
            Ok(())
        })
    }

    /// Queues one retention batch on the writer: resolves to the number of events deleted.
    pub fn prune_events(
        &self,
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
    ) -> oneshot::Receiver<Result<usize, StoreError>> {
        let (tx, rx) = oneshot::channel();
        if let Err(mpsc::error::SendError(Job::Prune { ack, .. })) =
            self.shared.jobs.send(Job::Prune {
                before_ms,
                upto_seq,
                limit,
                ack: tx,
            })
        {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        rx
    }

    /// Copies every record into this (empty) database (`iamd migrate`), in one transaction.
    pub fn import(&self, records: Vec<Record>) -> Result<usize, StoreError> {
        let pool = self.pool.clone();
        self.block_on(async move {
            let mut client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            let tx = client.transaction().await.map_err(pg)?;
            let existing: i64 = tx
                .query_one("SELECT count(*) FROM records", &[])
                .await
                .map_err(pg)?
                .get(0);
            if existing > 0 {
                return Err(StoreError(format!(
                    "the database already holds {existing} records: migrate into an empty one"
                )));
            }
            let put = tx.prepare(PUT).await.map_err(pg)?;
            let n = records.len();
            let head: i64 = tx
                .query_one("SELECT coalesce(max(seq), 0) FROM changes", &[])
                .await
                .map_err(pg)?
                .get(0);
            let seq = head + 1;
            for r in records {
                let shape = Shape::of(&r.kind, &r.value);
                tx.execute(
                    &put,
                    &[
                        &r.kind,
                        &r.key,
                        &r.value,
                        &shape.account,
                        &shape.name,
                        &shape.owner,
                        &shape.versions,
                        &seq,
                    ],
                )
                .await
                .map_err(pg)?;
            }
            tx.execute(
                "INSERT INTO changes (seq, node) VALUES ($1, 'migrate')",
                &[&seq],
            )
            .await
            .map_err(pg)?;
            tx.commit().await.map_err(pg)?;
            Ok(n)
        })
    }

    /// Copies events (oldest first) into this database (`iamd migrate`).
    pub fn import_events(&self, events: Vec<EventRecord>) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        self.block_on(async move {
            let mut client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            let tx = client.transaction().await.map_err(pg)?;
            let stmt = tx.prepare(UPSERT_EVENT).await.map_err(pg)?;
            for e in &events {
                upsert_event(&tx, &stmt, e).await?;
            }
            tx.commit().await.map_err(pg)
        })
    }

    /// Every event, oldest first, `limit` after `after_seq` (`iamd migrate`).
    pub fn events_after(&self, after_seq: i64, limit: i64) -> Result<Vec<StoredEvent>, StoreError> {
        let pool = self.pool.clone();
        self.block_on(async move {
            let client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            let rows = client
                .query(
                    "SELECT seq, event_id, account, time_ms, event_name, event_source, read_only, \
                     username, access_key_id, record FROM events WHERE seq > $1 ORDER BY seq \
                     LIMIT $2",
                    &[&after_seq, &limit],
                )
                .await
                .map_err(pg)?;
            let mut found: Vec<StoredEvent> = rows.iter().map(event_row).collect();
            attach_resources(&client, &mut found).await?;
            Ok(found)
        })
    }
}

fn event_row(r: &tokio_postgres::Row) -> StoredEvent {
    StoredEvent {
        seq: r.get(0),
        record: EventRecord {
            capture: Vec::new(),
            event_id: r.get(1),
            account_id: r.get(2),
            time_ms: r.get(3),
            event_name: r.get(4),
            event_source: r.get(5),
            read_only: r.get(6),
            username: r.get(7),
            access_key_id: r.get(8),
            resources: Vec::new(),
            json: r.get(9),
        },
    }
}

async fn attach_resources(
    client: &tokio_postgres::Client,
    found: &mut [StoredEvent],
) -> Result<(), StoreError> {
    if found.is_empty() {
        return Ok(());
    }
    let seqs: Vec<i64> = found.iter().map(|e| e.seq).collect();
    let rows = client
        .query(
            "SELECT seq, resource_type, resource_name FROM event_resources \
             WHERE seq = ANY($1) ORDER BY seq, ord",
            &[&seqs],
        )
        .await
        .map_err(pg)?;
    for row in rows {
        let seq: i64 = row.get(0);
        if let Some(e) = found.iter_mut().find(|e| e.seq == seq) {
            e.record.resources.push(EventResource {
                resource_type: row.get(1),
                resource_name: row.get(2),
            });
        }
    }
    Ok(())
}

async fn newest_change(client: &tokio_postgres::Client) -> Result<i64, StoreError> {
    Ok(client
        .query_one("SELECT coalesce(max(seq), 0) FROM changes", &[])
        .await
        .map_err(pg)?
        .get(0))
}

/// What the schema's constraints read out of a record (see the migration).
struct Shape {
    account: Option<String>,
    name: Option<String>,
    owner: Option<String>,
    versions: Option<i32>,
}

impl Shape {
    fn of(kind: &str, value: &[u8]) -> Shape {
        #[derive(serde::Deserialize)]
        struct Named {
            account_id: Option<String>,
            name: Option<String>,
            owner: Option<serde_json::Value>,
            versions: Option<Vec<serde::de::IgnoredAny>>,
        }
        let none = Shape {
            account: None,
            name: None,
            owner: None,
            versions: None,
        };
        if !matches!(
            kind,
            "user" | "group" | "role" | "policy" | "instance_profile" | "key"
        ) {
            return none;
        }
        let Ok(n) = serde_json::from_slice::<Named>(value) else {
            return none;
        };
        let owner = match n.owner {
            Some(serde_json::Value::String(s)) => Some(s.to_lowercase()),
            Some(serde_json::Value::Object(m)) => {
                m.get("User").and_then(|v| v.as_str()).map(str::to_string)
            }
            _ => None,
        };
        Shape {
            account: n.account_id,
            name: if kind == "key" { None } else { n.name },
            owner: if kind == "key" { owner } else { None },
            versions: n
                .versions
                .map(|v| i32::try_from(v.len()).unwrap_or(i32::MAX)),
        }
    }
}

const PUT: &str = "INSERT INTO records (kind, key, value, account, name, owner, versions, \
                   changed_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (kind, key) \
                   DO UPDATE SET value = EXCLUDED.value, account = EXCLUDED.account, \
                   name = EXCLUDED.name, owner = EXCLUDED.owner, versions = EXCLUDED.versions, \
                   changed_seq = EXCLUDED.changed_seq";

/// A deletion, remembered with the record's last value for the nodes that catch up
/// incrementally (`changes_since`).
const DELETE: &str = "WITH d AS (DELETE FROM records WHERE kind = $1 AND key = $2 \
                      RETURNING kind, key, value) \
                      INSERT INTO record_deletes (kind, key, seq, value) \
                      SELECT kind, key, $3::bigint, value FROM d ON CONFLICT (kind, key) \
                      DO UPDATE SET seq = EXCLUDED.seq, value = EXCLUDED.value";

/// Changes that put more records than this are caught up by a full reload.
const MAX_INCREMENTAL: i64 = 100_000;

/// One event, inserted or replacing the stored copy with its ID (keeping its place), with its
/// resources, in one statement.
const UPSERT_EVENT: &str = "WITH e AS (
        INSERT INTO events (event_id, account, time_ms, event_name, event_source, read_only,
            username, access_key_id, record)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (event_id, account) DO UPDATE SET time_ms = EXCLUDED.time_ms,
            event_name = EXCLUDED.event_name, event_source = EXCLUDED.event_source,
            read_only = EXCLUDED.read_only, username = EXCLUDED.username,
            access_key_id = EXCLUDED.access_key_id, record = EXCLUDED.record
        RETURNING seq),
    gone AS (DELETE FROM event_resources WHERE seq IN (SELECT seq FROM e))
    INSERT INTO event_resources (seq, ord, account, time_ms, resource_type, resource_name)
    SELECT e.seq, r.ord, $2, $3, r.t, r.n
    FROM e, unnest($10::text[], $11::text[]) WITH ORDINALITY AS r(t, n, ord)";

/// Many events in one statement (a group commit's): each inserted, or replacing the stored copy
/// with its ID (keeping its place), with its resources. A batch names each (event ID, account)
/// once (`store_events` keeps the newest copy).
const UPSERT_EVENTS: &str = "WITH input AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[],
            $6::bool[], $7::text[], $8::text[], $9::text[])
            WITH ORDINALITY AS t(event_id, account, time_ms, event_name, event_source,
                read_only, username, access_key_id, record, ord)),
    e AS (
        INSERT INTO events (event_id, account, time_ms, event_name, event_source, read_only,
            username, access_key_id, record)
        SELECT event_id, account, time_ms, event_name, event_source, read_only, username,
            access_key_id, record FROM input ORDER BY ord
        ON CONFLICT (event_id, account) DO UPDATE SET time_ms = EXCLUDED.time_ms,
            event_name = EXCLUDED.event_name, event_source = EXCLUDED.event_source,
            read_only = EXCLUDED.read_only, username = EXCLUDED.username,
            access_key_id = EXCLUDED.access_key_id, record = EXCLUDED.record
        RETURNING seq, event_id, account),
    gone AS (DELETE FROM event_resources WHERE seq = ANY(ARRAY(SELECT seq FROM e))),
    res AS (
        SELECT * FROM unnest($10::text[], $11::text[], $12::int8[], $13::text[], $14::text[])
            WITH ORDINALITY AS r(event_id, account, time_ms, t, n, ord))
    INSERT INTO event_resources (seq, ord, account, time_ms, resource_type, resource_name)
    SELECT e.seq, res.ord, res.account, res.time_ms, res.t, res.n
    FROM res JOIN e ON e.event_id = res.event_id AND e.account = res.account";

/// Stores a group commit's events with one statement.
async fn store_events(
    tx: &tokio_postgres::Transaction<'_>,
    stmt: &tokio_postgres::Statement,
    events: &[EventRecord],
) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    // The newest copy of each (event ID, account), at the place of the first.
    let mut place: std::collections::HashMap<(&str, &str), usize> = Default::default();
    let mut chosen: Vec<&EventRecord> = Vec::with_capacity(events.len());
    for e in events {
        match place.get(&(e.event_id.as_str(), e.account_id.as_str())) {
            Some(&i) => chosen[i] = e,
            None => {
                place.insert((e.event_id.as_str(), e.account_id.as_str()), chosen.len());
                chosen.push(e);
            }
        }
    }
    let col = |f: fn(&EventRecord) -> &str| chosen.iter().map(|e| f(e)).collect::<Vec<&str>>();
    let ids = col(|e| &e.event_id);
    let accounts = col(|e| &e.account_id);
    let times: Vec<i64> = chosen.iter().map(|e| e.time_ms).collect();
    let names = col(|e| &e.event_name);
    let sources = col(|e| &e.event_source);
    let read_only: Vec<bool> = chosen.iter().map(|e| e.read_only).collect();
    let users: Vec<Option<&str>> = chosen.iter().map(|e| e.username.as_deref()).collect();
    let keys: Vec<Option<&str>> = chosen.iter().map(|e| e.access_key_id.as_deref()).collect();
    let records = col(|e| &e.json);
    let (mut r_ids, mut r_accounts, mut r_times, mut r_types, mut r_names) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for e in &chosen {
        for r in &e.resources {
            r_ids.push(e.event_id.as_str());
            r_accounts.push(e.account_id.as_str());
            r_times.push(e.time_ms);
            r_types.push(r.resource_type.as_str());
            r_names.push(r.resource_name.as_str());
        }
    }
    tx.execute(
        stmt,
        &[
            &ids,
            &accounts,
            &times,
            &names,
            &sources,
            &read_only,
            &users,
            &keys,
            &records,
            &r_ids,
            &r_accounts,
            &r_times,
            &r_types,
            &r_names,
        ],
    )
    .await
    .map_err(pg)?;
    Ok(())
}

async fn upsert_event(
    tx: &tokio_postgres::Transaction<'_>,
    stmt: &tokio_postgres::Statement,
    e: &EventRecord,
) -> Result<(), StoreError> {
    let types: Vec<&str> = e
        .resources
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    let names: Vec<&str> = e
        .resources
        .iter()
        .map(|r| r.resource_name.as_str())
        .collect();
    tx.execute(
        stmt,
        &[
            &e.event_id,
            &e.account_id,
            &e.time_ms,
            &e.event_name,
            &e.event_source,
            &e.read_only,
            &e.username,
            &e.access_key_id,
            &e.json,
            &types,
            &names,
        ],
    )
    .await
    .map_err(pg)?;
    Ok(())
}

/// The writer: one connection, jobs in submission order; consecutive writes and events are
/// committed together (group commit). Holds the cluster's write lock while turns are out.
async fn writer(
    config: tokio_postgres::Config,
    mut client: tokio_postgres::Client,
    mut rx: mpsc::UnboundedReceiver<Job>,
    shared: Arc<Shared>,
    queued: Arc<AtomicUsize>,
) {
    // The newest change while the lock is held: this node's next commit is `seq + 1`.
    let mut seq: Option<i64> = None;
    let mut stmts: Option<Statements> = None;
    let mut next: Option<Job> = None;
    while let Some(first) = match next.take() {
        Some(job) => Some(job),
        None => rx.recv().await,
    } {
        if client.is_closed() {
            // The lock went with the connection: no write commits until it is taken again.
            seq = None;
            {
                let mut lease = shared.lease.lock();
                lease.held = false;
            }
            stmts = None;
            match connect(&config).await {
                Ok(c) => client = c,
                Err(e) => tracing::warn!(error = %e.0, "cannot reconnect to postgres"),
            }
        }
        match first {
            Job::Lock => {
                let taken = async {
                    client
                        .execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
                        .await
                        .map_err(pg)?;
                    newest_change(&client).await
                }
                .await;
                let mut lease = shared.lease.lock();
                lease.locking = false;
                match taken {
                    Ok(head) => {
                        seq = Some(head);
                        lease.held = true;
                        lease.draining = false;
                        lease.since = Some(Instant::now());
                        lease.head = head;
                        lease.failed = None;
                        heard(&shared, head);
                        // Taken for turns whose writes may have been given up on: released
                        // in a second unless a turn is held then.
                        let jobs = shared.jobs.clone();
                        let granted = lease.granted;
                        tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            let _ = jobs.send(Job::MaybeUnlock(granted));
                        });
                    }
                    Err(e) => lease.failed = Some(e.0),
                }
                drop(lease);
                shared.lease_changed.notify_waiters();
            }
            Job::MaybeUnlock(granted) => {
                let release = {
                    let mut lease = shared.lease.lock();
                    if lease.turns == 0 && lease.held && lease.granted == granted {
                        lease.held = false;
                        lease.draining = false;
                        true
                    } else {
                        false
                    }
                };
                if release {
                    seq = None;
                    if let Err(e) = client
                        .execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
                        .await
                    {
                        tracing::warn!(error = %e, "cannot release the cluster's write lock");
                    }
                    shared.lease_changed.notify_waiters();
                }
            }
            Job::Prune {
                before_ms,
                upto_seq,
                limit,
                ack,
            } => {
                let _ = ack.send(prune_batch(&mut client, before_ms, upto_seq, limit).await);
            }
            first @ (Job::Write(..) | Job::Events { .. }) => {
                let mut batch = vec![first];
                while let Ok(more) = rx.try_recv() {
                    if !matches!(more, Job::Write(..) | Job::Events { .. }) {
                        next = Some(more);
                        break;
                    }
                    batch.push(more);
                    if batch.len() >= 1024 {
                        break;
                    }
                }
                let started = Instant::now();
                let result = commit(&mut client, &mut stmts, &batch, seq).await;
                metrics::histogram!("iamd_store_commit_seconds")
                    .record(started.elapsed().as_secs_f64());
                shared.commits.fetch_add(1, Ordering::Relaxed);
                shared.commit_micros.fetch_add(
                    i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX),
                    Ordering::Relaxed,
                );
                let mut synced = None;
                let result = match result {
                    Ok(Some(committed)) => {
                        synced = Some(committed);
                        seq = Some(committed);
                        shared.applied.store(committed, Ordering::Release);
                        shared.lease.lock().head = committed;
                        heard(&shared, committed);
                        Ok(())
                    }
                    Ok(None) => Ok(()),
                    Err(e) => Err(e),
                };
                let mut write_acks = Vec::new();
                for job in batch {
                    match job {
                        Job::Write(_, ack) => write_acks.push(ack),
                        Job::Events { events, ack } => {
                            queued.fetch_sub(events.len(), Ordering::AcqRel);
                            if let Err(e) = &result {
                                tracing::error!(error = %e, lost = events.len(), "audit events not stored");
                            }
                            if let Some(ack) = ack {
                                let _ = ack.send(result.clone());
                            }
                        }
                        _ => {}
                    }
                }
                match synced {
                    // Acknowledged once every live node holds the change (or after the bound).
                    Some(seq) => {
                        let shared = shared.clone();
                        tokio::spawn(async move {
                            wait_for_peers(&shared, seq).await;
                            for ack in write_acks {
                                let _ = ack.send(Ok(()));
                            }
                        });
                    }
                    None => {
                        for ack in write_acks {
                            let _ = ack.send(result.clone());
                        }
                    }
                }
            }
        }
    }
}

/// Waits until every other live node holds change `seq`, `SYNC_BOUND` at most.
async fn wait_for_peers(shared: &Shared, seq: i64) {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + SYNC_BOUND;
    let mut waited = false;
    loop {
        let notified = shared.peers_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let behind = shared
            .peers
            .lock()
            .values()
            .any(|(applied, seen)| *applied < seq && seen.elapsed() < LIVE);
        if !behind {
            break;
        }
        waited = true;
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            tracing::warn!(seq, "a node did not apply a change within the sync bound");
            break;
        }
    }
    if waited {
        metrics::histogram!("iamd_cluster_sync_wait_seconds")
            .record(started.elapsed().as_secs_f64());
        shared.synced.fetch_add(1, Ordering::Relaxed);
        shared.sync_micros.fetch_add(
            i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX),
            Ordering::Relaxed,
        );
    }
}

/// Tells the other nodes (row in `nodes`, NOTIFY iamd_applied) which change this node holds.
async fn publish(shared: &Shared) -> Result<(), StoreError> {
    if !shared.member {
        return Ok(());
    }
    let client = shared
        .pool
        .get()
        .await
        .map_err(|e| StoreError(e.to_string()))?;
    let applied = shared.applied.load(Ordering::Acquire);
    let node = node_name();
    client
        .execute(
            "INSERT INTO nodes (node, applied, seen) VALUES ($1, $2, now()) \
             ON CONFLICT (node) DO UPDATE SET applied = greatest(nodes.applied, $2), seen = now()",
            &[&node, &applied],
        )
        .await
        .map_err(pg)?;
    client
        .execute(
            "SELECT pg_notify('iamd_applied', $1)",
            &[&format!("{applied} {node}")],
        )
        .await
        .map_err(pg)?;
    Ok(())
}

/// The newest change heard of is `seq`: notes since when the working set is behind.
fn heard(shared: &Shared, seq: i64) {
    let newer = shared.head.send_if_modified(|h| {
        let newer = seq > *h;
        *h = (*h).max(seq);
        newer
    });
    if newer {
        metrics::gauge!("iamd_cluster_head_seq").set(seq as f64);
        if seq > shared.applied.load(Ordering::Acquire) {
            shared.behind_since.lock().get_or_insert_with(Instant::now);
        }
    }
}

/// Every node's progress from `nodes`.
async fn load_peers(client: &tokio_postgres::Client, shared: &Shared) -> Result<(), StoreError> {
    let rows = client
        .query(
            "SELECT node, applied, extract(epoch FROM now() - seen)::float8 FROM nodes",
            &[],
        )
        .await
        .map_err(pg)?;
    for row in rows {
        let age = Duration::from_secs_f64(row.get::<_, f64>(2).max(0.0));
        if let Some(seen) = Instant::now().checked_sub(age) {
            peer_seen(shared, row.get(0), row.get(1), seen);
        }
    }
    Ok(())
}

/// A peer said it holds `applied`.
fn peer_seen(shared: &Shared, node: &str, applied: i64, seen: Instant) {
    if node == node_name() {
        return;
    }
    let mut peers = shared.peers.lock();
    let entry = peers.entry(node.to_string()).or_insert((applied, seen));
    entry.0 = entry.0.max(applied);
    entry.1 = entry.1.max(seen);
    drop(peers);
    shared.peers_changed.notify_waiters();
}

/// One group commit. Returns the change sequence it committed (`None`: no record changed).
/// The writer's statements, prepared once per connection.
struct Statements {
    put: tokio_postgres::Statement,
    del: tokio_postgres::Statement,
    event: tokio_postgres::Statement,
}

async fn commit(
    client: &mut tokio_postgres::Client,
    stmts: &mut Option<Statements>,
    batch: &[Job],
    seq: Option<i64>,
) -> Result<Option<i64>, StoreError> {
    let changes = batch.iter().any(|j| match j {
        Job::Write(changes, _) => changes.iter().any(|c| !matches!(c, Change::Event(_))),
        _ => false,
    });
    let empty = batch.iter().all(|j| match j {
        Job::Write(changes, _) => changes.is_empty(),
        Job::Events { events, .. } => events.is_empty(),
        _ => true,
    });
    if empty {
        return Ok(None);
    }
    let this = match (changes, seq) {
        (false, _) => None,
        (true, Some(seq)) => Some(seq + 1),
        (true, None) => {
            return Err(StoreError(
                "this node does not hold the cluster's write lock".into(),
            ));
        }
    };
    if stmts.is_none() {
        *stmts = Some(Statements {
            put: client.prepare(PUT).await.map_err(pg)?,
            del: client.prepare(DELETE).await.map_err(pg)?,
            event: client.prepare(UPSERT_EVENTS).await.map_err(pg)?,
        });
    }
    let Some(Statements { put, del, event }) = stmts.as_ref() else {
        return Err(StoreError("no statements".into()));
    };
    let tx = client.transaction().await.map_err(pg)?;
    // INVARIANT (event-with-write): a write's event is in its transaction (stored at its end).
    let mut events: Vec<EventRecord> = Vec::new();
    let mut shapes: Vec<Shape> = Vec::new();
    if let Some(this) = this {
        // The fence: another node's commit of the same number makes this one fail. A change
        // that removes every record tells the other nodes to reload (`changes_since`).
        let reload = batch.iter().any(|j| match j {
            Job::Write(changes, _) => changes.iter().any(|c| matches!(c, Change::DeleteAll)),
            _ => false,
        });
        tx.execute(
            "INSERT INTO changes (seq, node, reload) VALUES ($1, $2, $3)",
            &[&this, &node_name(), &reload],
        )
        .await
        .map_err(pg)?;
    }
    // The change number each record change is stored with (INVARIANT
    // (incremental-catch-up): other nodes find what changed since theirs by it).
    let changed: i64 = this.unwrap_or(0);
    for job in batch {
        match job {
            Job::Write(changes, _) => {
                for c in changes {
                    match c {
                        Change::Put { kind, value, .. } => {
                            shapes.push(Shape::of(kind, value));
                        }
                        // INVARIANT (event-with-write): in this write's transaction.
                        Change::Event(pending) => events.extend(pending.take(COMPLETION_WAIT)),
                        Change::Delete { .. } | Change::DeleteAll => {}
                    }
                }
            }
            Job::Events { events: list, .. } => events.extend(list.iter().cloned()),
            _ => {}
        }
    }
    // The record changes pipelined: sent in order without waiting for each answer (one round
    // trip for the batch, not one per change); the first error aborts the transaction.
    {
        type Exec<'f> = std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'f>,
        >;
        let mut pending: Vec<Exec<'_>> = Vec::new();
        let mut shape = shapes.iter();
        for job in batch {
            let Job::Write(changes, _) = job else {
                continue;
            };
            for c in changes {
                match c {
                    Change::Put { kind, key, value } => {
                        let Some(sh) = shape.next() else { break };
                        let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = vec![
                            kind,
                            key,
                            value,
                            &sh.account,
                            &sh.name,
                            &sh.owner,
                            &sh.versions,
                            &changed,
                        ];
                        pending.push(Box::pin(tx.execute_raw(put, params)));
                    }
                    Change::Delete { kind, key } => {
                        let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                            vec![kind, key, &changed];
                        pending.push(Box::pin(tx.execute_raw(del, params)));
                    }
                    Change::DeleteAll => {
                        let none: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = Vec::new();
                        pending.push(Box::pin(tx.execute_raw("DELETE FROM records", none)));
                    }
                    Change::Event(_) => {}
                }
            }
        }
        futures_util::future::try_join_all(pending)
            .await
            .map_err(pg)?;
    }
    store_events(&tx, event, &events).await?;
    if let Some(this) = this {
        tx.execute("SELECT pg_notify('iamd_changes', $1)", &[&this.to_string()])
            .await
            .map_err(pg)?;
    }
    tx.commit().await.map_err(pg)?;
    Ok(this)
}

/// This node's name in `changes` (host and process).
pub(crate) fn node_name() -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "node".into());
        format!("{host}/{}", std::process::id())
    })
    .clone()
}

/// One retention batch (see `retention.rs`): the oldest events before `before_ms`, up to
/// `upto_seq`, never the newest.
async fn prune_batch(
    client: &mut tokio_postgres::Client,
    before_ms: i64,
    upto_seq: i64,
    limit: usize,
) -> Result<usize, StoreError> {
    let tx = client.transaction().await.map_err(pg)?;
    let newest: i64 = tx
        .query_one("SELECT coalesce(max(seq), 0) FROM events", &[])
        .await
        .map_err(pg)?
        .get(0);
    // Never an event the cluster's CloudTrail log files have not delivered (any node's
    // trail: the shared cursor, read in this transaction).
    let trail: Option<i64> = tx
        .query_opt("SELECT delivered_seq FROM trail_cursor WHERE id = 1", &[])
        .await
        .map_err(pg)?
        .map(|r| r.get(0));
    let upto = upto_seq.min(newest - 1).min(trail.unwrap_or(i64::MAX));
    let rows = tx
        .query(
            "SELECT seq, time_ms FROM events WHERE seq <= $1 ORDER BY seq LIMIT $2",
            &[&upto, &i64::try_from(limit).unwrap_or(i64::MAX)],
        )
        .await
        .map_err(pg)?;
    let mut last = None;
    for row in rows {
        let (seq, time_ms): (i64, i64) = (row.get(0), row.get(1));
        if time_ms >= before_ms {
            break;
        }
        last = Some(seq);
    }
    let Some(last) = last else {
        return Ok(0);
    };
    let deleted = tx
        .execute("DELETE FROM events WHERE seq <= $1", &[&last])
        .await
        .map_err(pg)?;
    tx.execute("DELETE FROM event_resources WHERE seq <= $1", &[&last])
        .await
        .map_err(pg)?;
    tx.commit().await.map_err(pg)?;
    Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
}

/// LISTEN iamd_changes: each notification carries the sequence another node committed.
async fn listen(config: tokio_postgres::Config, shared: Arc<Shared>) {
    use futures_util::StreamExt;
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let (tx, mut rx) = mpsc::unbounded_channel();
                let conn = tokio::spawn(async move {
                    let mut messages =
                        futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                    while let Some(Ok(message)) = messages.next().await {
                        if let tokio_postgres::AsyncMessage::Notification(n) = message {
                            let _ = tx.send((n.channel().to_string(), n.payload().to_string()));
                        }
                    }
                });
                if client
                    .batch_execute("LISTEN iamd_changes; LISTEN iamd_applied")
                    .await
                    .is_ok()
                {
                    while let Some((channel, payload)) = rx.recv().await {
                        if channel == "iamd_applied" {
                            if let Some((seq, node)) = payload.split_once(' ')
                                && let Ok(seq) = seq.parse::<i64>()
                            {
                                peer_seen(&shared, node, seq, Instant::now());
                            }
                            continue;
                        }
                        let seq = payload.parse::<i64>().unwrap_or(0);
                        heard(&shared, seq);
                    }
                }
                conn.abort();
            }
            Err(e) => tracing::warn!(error = %e, "postgres LISTEN connection failed"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// How often a node prunes the deletions every live node has applied (`record_deletes`).
const PRUNE_DELETES: Duration = Duration::from_secs(60);

/// Forgets the deletions every live node holds (the change log then answers from the oldest
/// change a live node holds: a node further behind, or starting, reloads in full).
async fn prune_deletes(client: &tokio_postgres::Client) -> Result<u64, StoreError> {
    let floor: Option<i64> = client
        .query_one(
            "SELECT min(applied) FROM nodes WHERE seen > now() - make_interval(secs => $1)",
            &[&LIVE.as_secs_f64()],
        )
        .await
        .map_err(pg)?
        .get(0);
    let Some(floor) = floor else {
        return Ok(0);
    };
    client
        .execute(
            "UPDATE change_log SET since = greatest(since, $1)",
            &[&floor],
        )
        .await
        .map_err(pg)?;
    client
        .execute("DELETE FROM record_deletes WHERE seq <= $1", &[&floor])
        .await
        .map_err(pg)
}

/// The fallback behind notifications: the newest change, every `POLL`.
async fn poll(pool: deadpool_postgres::Pool, shared: Arc<Shared>) {
    let mut pruned = Instant::now();
    loop {
        tokio::time::sleep(POLL).await;
        let Ok(client) = pool.get().await else {
            continue;
        };
        if let Ok(head) = newest_change(&client).await {
            heard(&shared, head);
        }
        drop(client);
        if let Err(e) = publish(&shared).await {
            tracing::warn!(error = %e.0, "cannot publish this node's progress");
            continue;
        }
        let Ok(client) = pool.get().await else {
            continue;
        };
        if let Err(e) = load_peers(&client, &shared).await {
            tracing::warn!(error = %e.0, "cannot read the other nodes' progress");
        }
        if pruned.elapsed() > PRUNE_DELETES {
            pruned = Instant::now();
            if let Err(e) = prune_deletes(&client).await {
                tracing::warn!(error = %e.0, "cannot prune the change log");
            }
        }
        // Rows of nodes gone for an hour.
        let _ = client
            .execute(
                "DELETE FROM nodes WHERE seen < now() - interval '1 hour'",
                &[],
            )
            .await;
    }
}

/// The SQL of a lookup for the query's attribute (as in the SQLite store), its value `$5`.
fn lookup_sql(a: &Option<LookupAttribute>) -> (String, Option<String>) {
    const COLUMNS: &str = "e.seq, e.event_id, e.account, e.time_ms, e.event_name, \
                           e.event_source, e.read_only, e.username, e.access_key_id, e.record";
    let on_events = |filter: &str| {
        format!(
            "SELECT {COLUMNS} FROM events e \
             WHERE e.account = $1 AND e.time_ms BETWEEN $2 AND $3 \
             AND (e.time_ms, e.seq) < ($4, $6) AND {filter} \
             ORDER BY e.time_ms DESC, e.seq DESC LIMIT $7"
        )
    };
    let on_resources = |column: &str| {
        format!(
            "SELECT {COLUMNS} FROM events e WHERE e.seq IN (SELECT r.seq FROM event_resources r \
             WHERE r.account = $1 AND r.{column} = $5 AND r.time_ms BETWEEN $2 AND $3 \
             AND (r.time_ms, r.seq) < ($4, $6) \
             ORDER BY r.time_ms DESC, r.seq DESC LIMIT $7) \
             ORDER BY e.time_ms DESC, e.seq DESC"
        )
    };
    match a {
        None => (on_events("$5::text IS NULL"), None),
        Some(LookupAttribute::EventId(v)) => (on_events("e.event_id = $5"), Some(v.clone())),
        Some(LookupAttribute::EventName(v)) => (on_events("e.event_name = $5"), Some(v.clone())),
        Some(LookupAttribute::EventSource(v)) => {
            (on_events("e.event_source = $5"), Some(v.clone()))
        }
        Some(LookupAttribute::ReadOnly(v)) => (
            on_events("e.read_only = ($5::text = 'true')"),
            Some(v.to_string()),
        ),
        Some(LookupAttribute::Username(v)) => (on_events("e.username = $5"), Some(v.clone())),
        Some(LookupAttribute::AccessKeyId(v)) => {
            (on_events("e.access_key_id = $5"), Some(v.clone()))
        }
        Some(LookupAttribute::ResourceName(v)) => (on_resources("resource_name"), Some(v.clone())),
        Some(LookupAttribute::ResourceType(v)) => (on_resources("resource_type"), Some(v.clone())),
    }
}

impl Store for PostgresStore {
    fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        let mut records = Vec::new();
        self.load_each(&mut |r| {
            records.push(r);
            Ok(())
        })?;
        Ok(records)
    }

    /// INVARIANT (streaming-load) on PostgreSQL: the rows are read from one snapshot as they
    /// arrive (the driver's row stream, its socket the back-pressure) and handed over a small
    /// bounded channel, so a start holds a few records at a time, not all of them. Accounts
    /// come first (their own query), so no record waits for its account.
    fn load_each(
        &self,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        let shared = self.shared.clone();
        // Chunks of rows: one hand-over per chunk, a few chunks in flight at most.
        const CHUNK: usize = 512;
        type Chunk = Result<Vec<Record>, StoreError>;
        let (rows_tx, rows_rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        let errors = rows_tx.clone();
        self.runtime.spawn(async move {
            // Hands a chunk to the reader; false once the reader stopped (its visit failed).
            let hand = |chunk: Vec<Record>| {
                let sender = rows_tx.clone();
                async move {
                    matches!(
                        tokio::task::spawn_blocking(move || sender.send(Ok(chunk))).await,
                        Ok(Ok(()))
                    )
                }
            };
            let read = async {
                use futures_util::TryStreamExt;
                let mut client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
                // One snapshot: the records and the change sequence they reflect.
                let (tx, head) = snapshot(&mut client).await?;
                let mut chunk = Vec::with_capacity(CHUNK);
                for sql in [
                    "SELECT kind, key, value FROM records WHERE kind = 'account'",
                    "SELECT kind, key, value FROM records WHERE kind <> 'account'",
                ] {
                    let rows = tx
                        .query_raw(sql, std::iter::empty::<&str>())
                        .await
                        .map_err(pg)?;
                    futures_util::pin_mut!(rows);
                    while let Some(row) = rows.try_next().await.map_err(pg)? {
                        chunk.push(Record {
                            kind: row.get(0),
                            key: row.get(1),
                            value: row.get(2),
                        });
                        if chunk.len() == CHUNK
                            && !hand(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))).await
                        {
                            return Ok(());
                        }
                    }
                }
                tx.commit().await.map_err(pg)?;
                // Set before the last chunk is handed over: the reader's `caught_up` reads it.
                shared.loaded.store(head, Ordering::Release);
                hand(chunk).await;
                Ok::<(), StoreError>(())
            };
            if let Err(e) = read.await {
                let _ = errors.send(Err(e));
            }
        });
        for chunk in rows_rx {
            for r in chunk? {
                visit(r)?;
            }
        }
        Ok(())
    }

    fn changes_since(&self, applied: i64) -> Result<Option<ChangeSet>, StoreError> {
        let pool = self.pool.clone();
        let shared = self.shared.clone();
        self.block_on(async move {
            let mut client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            let (tx, head) = snapshot(&mut client).await?;
            let since: i64 = tx
                .query_one("SELECT since FROM change_log", &[])
                .await
                .map_err(pg)?
                .get(0);
            let reset: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM changes WHERE seq > $1 AND reload)",
                    &[&applied],
                )
                .await
                .map_err(pg)?
                .get(0);
            if since > applied || reset {
                return Ok(None);
            }
            let record = |row: &tokio_postgres::Row| Record {
                kind: row.get(0),
                key: row.get(1),
                value: row.get(2),
            };
            let puts = tx
                .query(
                    "SELECT kind, key, value FROM records WHERE changed_seq > $1 LIMIT $2",
                    &[&applied, &(MAX_INCREMENTAL + 1)],
                )
                .await
                .map_err(pg)?;
            if puts.len() as i64 > MAX_INCREMENTAL {
                return Ok(None);
            }
            let deletes = tx
                .query(
                    "SELECT d.kind, d.key, d.value FROM record_deletes d WHERE d.seq > $1 \
                     AND NOT EXISTS (SELECT 1 FROM records r \
                         WHERE r.kind = d.kind AND r.key = d.key)",
                    &[&applied],
                )
                .await
                .map_err(pg)?;
            tx.commit().await.map_err(pg)?;
            shared.loaded.store(head, Ordering::Release);
            Ok(Some(ChangeSet {
                head,
                puts: puts.iter().map(record).collect(),
                deletes: deletes.iter().map(record).collect(),
            }))
        })
    }

    fn submit(&self, changes: Vec<Change>) -> Ack {
        let (tx, rx) = oneshot::channel();
        if let Err(mpsc::error::SendError(Job::Write(_, ack))) =
            self.shared.jobs.send(Job::Write(changes, tx))
        {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        rx
    }

    fn append_events(&self, events: Vec<EventRecord>, _replace: bool) -> Option<Ack> {
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
        if self.shared.jobs.send(Job::Events { events, ack }).is_err() {
            self.queued.fetch_sub(n, Ordering::AcqRel);
            tracing::error!(lost = n, "store writer stopped: audit events not stored");
        }
        wait
    }

    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let pool = self.pool.clone();
        let q = query.clone();
        self.block_on(async move {
            let client = pool.get().await.map_err(|e| StoreError(e.to_string()))?;
            let (sql, value) = lookup_sql(&q.attribute);
            let (after_time, after_seq) =
                q.after.map_or((i64::MAX, i64::MAX), |c| (c.time_ms, c.seq));
            let stmt = client.prepare_cached(&sql).await.map_err(pg)?;
            let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
            let rows = client
                .query(
                    &stmt,
                    &[
                        &q.account_id,
                        &q.start_ms,
                        &q.end_ms,
                        &after_time,
                        &value,
                        &after_seq,
                        &limit,
                    ],
                )
                .await
                .map_err(pg)?;
            let mut found: Vec<StoredEvent> = rows.iter().map(event_row).collect();
            attach_resources(&client, &mut found).await?;
            Ok(found)
        })
    }

    fn write_turn(&self) -> StoreFuture<'_, WriteTurn> {
        Box::pin(async move {
            loop {
                let notified = self.shared.lease_changed.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                {
                    let mut lease = self.shared.lease.lock();
                    if lease.held
                        && !lease.draining
                        && lease.since.is_some_and(|t| t.elapsed() > MAX_HOLD)
                        && lease.turns > 0
                    {
                        lease.draining = true;
                    }
                    if lease.held && !lease.draining {
                        lease.turns += 1;
                        lease.granted += 1;
                        let head = lease.head;
                        return Ok(WriteTurn::held(
                            head,
                            Box::new(TurnGuard(self.shared.clone())),
                        ));
                    }
                    if let Some(e) = lease.failed.take()
                        && !lease.locking
                    {
                        return Err(StoreError(format!(
                            "cannot take the cluster's write lock: {e}"
                        )));
                    }
                    if !lease.held && !lease.locking {
                        lease.locking = true;
                        if self.shared.jobs.send(Job::Lock).is_err() {
                            lease.locking = false;
                            return Err(StoreError("store writer stopped".into()));
                        }
                    }
                }
                notified.await;
            }
        })
    }

    fn applied(&self) -> i64 {
        self.shared.applied.load(Ordering::Acquire)
    }

    fn caught_up(&self) {
        let loaded = self.shared.loaded.load(Ordering::Acquire);
        self.shared.applied.fetch_max(loaded, Ordering::AcqRel);
        metrics::gauge!("iamd_cluster_applied_seq").set(loaded as f64);
        if loaded >= self.head()
            && let Some(since) = self.shared.behind_since.lock().take()
        {
            metrics::histogram!("iamd_cluster_apply_lag_seconds")
                .record(since.elapsed().as_secs_f64());
        }
        let shared = self.shared.clone();
        self.runtime.spawn(async move {
            if let Err(e) = publish(&shared).await {
                tracing::warn!(error = %e.0, "cannot publish this node's progress");
            }
        });
    }

    fn readiness(&self) -> Result<(), String> {
        self.ping()
            .map_err(|e| format!("store unreachable: {}", e.0))?;
        let (applied, head) = (self.applied(), self.head());
        if applied >= head {
            return Ok(());
        }
        match *self.shared.behind_since.lock() {
            Some(since) if since.elapsed() > LAG_READY => Err(format!(
                "behind the cluster for {} ms (holds change {applied}, newest {head})",
                since.elapsed().as_millis()
            )),
            _ => Ok(()),
        }
    }

    fn changes(&self) -> Option<watch::Receiver<i64>> {
        Some(self.shared.head.subscribe())
    }
}

/// A read-only snapshot (repeatable read) and the head of the change sequence it reflects.
async fn snapshot(
    client: &mut deadpool_postgres::Object,
) -> Result<(deadpool_postgres::Transaction<'_>, i64), StoreError> {
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg)?;
    let head: i64 = tx
        .query_one("SELECT coalesce(max(seq), 0) FROM changes", &[])
        .await
        .map_err(pg)?
        .get(0);
    Ok((tx, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            shown("postgres://iamd:secret@db:5432/iamd"),
            "postgres://iamd:***@db:5432/iamd"
        );
        assert_eq!(shown("postgres://db/iamd"), "postgres://db/iamd");
    }

    #[test]
    fn shapes_carry_what_the_constraints_read() {
        let user = Shape::of("user", br#"{"id":"AIDA1","account_id":"1","name":"Alice"}"#);
        assert_eq!(user.name.as_deref(), Some("Alice"));
        let key = Shape::of(
            "key",
            br#"{"id":"AKIA","account_id":"1","owner":{"User":"AIDA1"}}"#,
        );
        assert_eq!(key.owner.as_deref(), Some("AIDA1"));
        assert_eq!(key.name, None);
        let root = Shape::of("key", br#"{"id":"AKIA","account_id":"1","owner":"Root"}"#);
        assert_eq!(root.owner.as_deref(), Some("root"));
        let meta = Shape::of("meta", b"123456789012");
        assert_eq!(meta.account, None);
    }
}
