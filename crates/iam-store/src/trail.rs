//! CloudTrail log files for a SIEM (`iamd serve --trail-dir DIR`): the committed audit events,
//! followed by `seq`, delivered every rotation window as gzip JSON `{"Records":[…]}` files —
//! each record exactly the event's stored CloudTrail JSON — in the S3 key layout AWS uses
//! (CloudTrail User Guide, "Finding your CloudTrail log files" and "CloudTrail log file name
//! format"):
//!
//! `DIR/AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz`
//!
//! where the date and time are the delivery's (AWS: "when the log file was delivered … can
//! contain records written at any point before that time"), one file per account and region
//! per delivery.
//!
//! INVARIANT (trail-exactly-once): every committed event reaches exactly one trail file. A
//! delivery is a `seq` range `(after, upto]`, planned in the durable cursor
//! (`DIR/.iamd-trail-cursor.json`) before any file is written; each file is written to a
//! temporary name, fsync'd and renamed; then the cursor moves to `upto`. The files' names are
//! a function of the plan (delivery time, a seed, account, region), so a delivery interrupted
//! by a crash is redone at the next start with the same names: renames replace what was
//! already written, nothing is written twice, nothing is skipped. Retention never deletes an
//! event the trail has not delivered (`delivered_seq`).
//!
//! On PostgreSQL (several nodes, `TrailHandle::start_postgres`) the same holds for the cluster:
//! the cursor is the `trail_cursor` row, every step of a delivery runs under the trail's
//! advisory lock (one node at a time; the lock dies with its node), each window is delivered by
//! the first node to reach it, the files of a delivery are recorded as they are written (a
//! successor writes only the others), and `seq` is read only up to the committed horizon
//! (`postgres_events.rs`, INVARIANT (pg-committed-horizon)).
use crate::reader::{EventReader, ReadEvent};
use flate2::Compression;
use flate2::write::GzEncoder;
use iam_core::audit::now_ms;
use iam_core::store::StoreError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// The cursor's file name inside the trail directory (outside `AWSLogs/`, so a collector
/// reading the CloudTrail layout never sees it).
pub const CURSOR_FILE: &str = ".iamd-trail-cursor.json";

/// Events in one delivery at most: a backlog (a trail directory added to a server with
/// millions of events) is delivered as several deliveries of this size, each with its own
/// files, so memory stays bounded (the files are built compressed in memory).
pub const DELIVERY_EVENTS: i64 = 50_000;

/// How long a delivery waits, once its range is fixed, before reading the events: a write's
/// event committed before its request completed it (`audit::COMPLETION_WAIT`) is replaced by
/// the completed one in the meantime.
pub const SETTLE: Duration = Duration::from_secs(2);

/// Where the trail stands: in `DIR/.iamd-trail-cursor.json` (SQLite), or in the database's
/// `trail_cursor` row (PostgreSQL, shared by the nodes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Every event up to this `seq` is in a file.
    delivered_seq: i64,
    /// A delivery planned and perhaps partly written: redone before anything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending: Option<Delivery>,
    /// The last delivery's time (several nodes: each window is delivered by one of them).
    #[serde(default, skip_serializing_if = "is_zero")]
    last_ms: i64,
    /// The files of the pending delivery already written (several nodes: a successor of a
    /// node that died in the middle of a delivery writes only the others).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    written: Vec<String>,
}

impl Cursor {
    /// Every event up to this `seq` is in a file.
    pub fn delivered_seq(&self) -> i64 {
        self.delivered_seq
    }
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// One delivery: the events with `seq` in `(after, upto]`, delivered at `delivered_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Delivery {
    after: i64,
    upto: i64,
    delivered_ms: i64,
    /// Makes the files' unique strings (with the account and region).
    seed: String,
}

/// Where a trail reads the committed events and keeps its cursor: an SQLite database and a
/// cursor file in the trail directory (`SqliteSource`), or a PostgreSQL database several
/// nodes share (`crate::postgres_events::PgTrailSource`).
pub trait Source: Send {
    /// Several nodes deliver from this source: one at a time (`acquire`), each window once.
    fn shared(&self) -> bool {
        false
    }
    /// Takes the right to deliver; `wait`: waits (a bounded time) for a node delivering now.
    /// `false`: another node is delivering.
    fn acquire(&mut self, _wait: bool) -> Result<bool, StoreError> {
        Ok(true)
    }
    /// Gives the right to deliver back.
    fn release(&mut self) {}
    fn load_cursor(&mut self) -> Result<Cursor, StoreError>;
    fn save_cursor(&mut self, cursor: &Cursor) -> Result<(), StoreError>;
    /// The newest `seq` below which no event can still be committed: every event up to it is
    /// committed, and any later commit takes a larger one.
    fn max_seq(&mut self) -> Result<i64, StoreError>;
    /// Events with `seq` in `(after, upto]`, in `seq` order.
    fn range(&mut self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError>;
}

/// The SQLite store's events (one writer: `seq` order is commit order) and the cursor file.
struct SqliteSource {
    dir: PathBuf,
    db: PathBuf,
    reader: Option<EventReader>,
}

impl SqliteSource {
    fn reader(&mut self) -> Result<&EventReader, StoreError> {
        if self.reader.is_none() {
            self.reader = Some(EventReader::open(&self.db)?);
        }
        self.reader
            .as_ref()
            .ok_or_else(|| StoreError("no reader".into()))
    }
}

impl Source for SqliteSource {
    fn load_cursor(&mut self) -> Result<Cursor, StoreError> {
        let path = self.dir.join(CURSOR_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| StoreError(format!("{}: not a trail cursor: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Cursor::default()),
            Err(e) => Err(io(&path, e)),
        }
    }

    fn save_cursor(&mut self, cursor: &Cursor) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(cursor).map_err(|e| StoreError(e.to_string()))?;
        write_atomically(&self.dir.join(CURSOR_FILE), &bytes, 0o640)?;
        sync_dir(&self.dir)
    }

    fn max_seq(&mut self) -> Result<i64, StoreError> {
        self.reader()?.max_seq()
    }

    fn range(&mut self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        self.reader()?.range(after, upto)
    }
}

/// Why a delivery runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// The server starts: what an earlier run left (several nodes: only an unfinished
    /// delivery; the events go at the next window).
    Start,
    /// The end of a rotation window (several nodes: the first to get there delivers it).
    Window,
    /// The server stops: the open window (several nodes: after waiting for one delivering).
    Stop,
}

/// The trail: its directory, where it reads the events and keeps its cursor, and the cursor.
pub struct Trail {
    dir: PathBuf,
    source: Box<dyn Source>,
    cursor: Cursor,
    delivered: Arc<AtomicI64>,
    /// Whether the cursor was compared with the database's newest event.
    checked: bool,
}

impl std::fmt::Debug for Trail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trail")
            .field("dir", &self.dir)
            .field("cursor", &self.cursor)
            .finish()
    }
}

fn io(context: &Path, e: std::io::Error) -> StoreError {
    StoreError(format!("{}: {e}", context.display()))
}

impl Trail {
    /// Opens the trail directory (created if missing; refused if it cannot be written) and its
    /// cursor, following the events of the SQLite database at `db`.
    pub fn open(dir: &Path, db: &Path) -> Result<Self, StoreError> {
        Self::with_source(
            dir,
            Box::new(SqliteSource {
                dir: dir.to_path_buf(),
                db: db.to_path_buf(),
                reader: None,
            }),
        )
    }

    /// Opens the trail directory, following the events of `source`.
    pub fn with_source(dir: &Path, mut source: Box<dyn Source>) -> Result<Self, StoreError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o750)
            .create(dir)
            .map_err(|e| io(dir, e))?;
        let cursor = source.load_cursor()?;
        // Proves the directory writable now, rather than at the first delivery.
        if source.shared() {
            let probe = dir.join(".iamd-trail-probe");
            write_atomically(&probe, b"", 0o640)?;
            std::fs::remove_file(&probe).map_err(|e| io(&probe, e))?;
        } else {
            source.save_cursor(&cursor)?;
        }
        Ok(Trail {
            dir: dir.to_path_buf(),
            source,
            delivered: Arc::new(AtomicI64::new(cursor.delivered_seq)),
            cursor,
            checked: false,
        })
    }

    /// The `seq` up to which every event is in a file (retention's bound).
    pub fn delivered_seq(&self) -> Arc<AtomicI64> {
        self.delivered.clone()
    }

    /// Delivers every committed event not yet in a file, at `now_ms`: first a delivery an
    /// earlier run left unfinished, exactly as planned; then the new events, in deliveries
    /// of at most `DELIVERY_EVENTS`, each read `settle` after its range is fixed. Returns the
    /// number of files written. Several nodes: only if no node delivered at `now_ms` or later.
    pub fn deliver(&mut self, now_ms: i64, settle: Duration) -> Result<usize, StoreError> {
        self.run(now_ms, settle, When::Window)
    }

    fn run(&mut self, at: i64, settle: Duration, when: When) -> Result<usize, StoreError> {
        if !self.source.acquire(when == When::Stop)? {
            return Ok(0);
        }
        let result = self.deliver_held(at, settle, when);
        self.source.release();
        result
    }

    fn deliver_held(&mut self, at: i64, settle: Duration, when: When) -> Result<usize, StoreError> {
        let shared = self.source.shared();
        if shared {
            // Another node may have delivered since.
            self.cursor = self.source.load_cursor()?;
            self.delivered
                .store(self.cursor.delivered_seq, Ordering::Release);
        }
        let mut files = 0;
        if let Some(pending) = self.cursor.pending.clone() {
            files += self.write_files(&pending)?;
            self.finish(&pending)?;
        }
        if shared && (when == When::Start || at <= self.cursor.last_ms) {
            return Ok(files);
        }
        let upto = self.source.max_seq()?;
        if !self.checked && !shared {
            self.checked = true;
            // A cursor ahead of the database: another database than the one it followed (a
            // new data directory with an old trail directory). Follow this one from its start.
            if upto < self.cursor.delivered_seq && self.cursor.pending.is_none() {
                tracing::warn!(
                    cursor = self.cursor.delivered_seq,
                    newest = upto,
                    "the trail's cursor is ahead of the database: delivering from its first event"
                );
                self.cursor = Cursor::default();
                self.delivered.store(0, Ordering::Release);
            }
        }
        if upto <= self.cursor.delivered_seq {
            return Ok(files);
        }
        if !settle.is_zero() {
            std::thread::sleep(settle);
        }
        while self.cursor.delivered_seq < upto {
            let after = self.cursor.delivered_seq;
            let delivery = Delivery {
                after,
                upto: upto.min(after.saturating_add(DELIVERY_EVENTS)),
                delivered_ms: at,
                seed: random_seed(),
            };
            self.plan(&delivery)?;
            files += self.write_files(&delivery)?;
            self.finish(&delivery)?;
        }
        Ok(files)
    }

    /// Records the delivery in the cursor before any of its files is written.
    fn plan(&mut self, delivery: &Delivery) -> Result<(), StoreError> {
        self.cursor.pending = Some(delivery.clone());
        self.cursor.written.clear();
        self.save_cursor()
    }

    /// Moves the cursor past a delivery whose files are all written.
    fn finish(&mut self, delivery: &Delivery) -> Result<(), StoreError> {
        self.cursor = Cursor {
            delivered_seq: delivery.upto,
            pending: None,
            last_ms: delivery.delivered_ms,
            written: Vec::new(),
        };
        self.save_cursor()?;
        self.delivered.store(delivery.upto, Ordering::Release);
        Ok(())
    }

    fn save_cursor(&mut self) -> Result<(), StoreError> {
        self.source.save_cursor(&self.cursor)
    }

    /// Writes a delivery's files: its events grouped by account and region, each group one
    /// file (written whole, then renamed into place), but those the cursor says are written.
    /// Several nodes: each file is recorded in the cursor once in place.
    fn write_files(&mut self, delivery: &Delivery) -> Result<usize, StoreError> {
        let events = self.source.range(delivery.after, delivery.upto)?;
        let groups = group(&events)?;
        let mut count = 0;
        for ((account, region), body) in groups {
            let key = file_key(
                &account,
                &region,
                delivery.delivered_ms,
                &unique_string(&delivery.seed, &account, &region),
            );
            if self.cursor.written.contains(&key) {
                continue;
            }
            let path = self.dir.join(&key);
            let parent = path
                .parent()
                .ok_or_else(|| StoreError("a trail file without a directory".into()))?;
            create_dirs(&self.dir, parent)?;
            write_atomically(&path, &body, 0o640)?;
            sync_dir(parent)?;
            count += 1;
            if self.source.shared() {
                self.cursor.written.push(key);
                self.save_cursor()?;
            }
        }
        Ok(count)
    }
}

/// The gzip'd `{"Records":[…]}` document of each (account, region), records in `seq` order.
fn group(events: &[ReadEvent]) -> Result<BTreeMap<(String, String), Vec<u8>>, StoreError> {
    #[derive(Deserialize)]
    struct Region<'a> {
        #[serde(rename = "awsRegion", borrow)]
        aws_region: Option<std::borrow::Cow<'a, str>>,
    }
    let mut open: BTreeMap<(String, String), GzEncoder<Vec<u8>>> = BTreeMap::new();
    let fail = |e: std::io::Error| StoreError(e.to_string());
    for e in events {
        let region = serde_json::from_str::<Region<'_>>(&e.record)
            .ok()
            .and_then(|r| r.aws_region)
            .unwrap_or_default();
        let key = (
            path_part(&e.account, "account"),
            path_part(&region, "region"),
        );
        let gz = match open.get_mut(&key) {
            Some(gz) => {
                gz.write_all(b",").map_err(fail)?;
                gz
            }
            None => {
                let mut gz = GzEncoder::new(Vec::new(), Compression::default());
                gz.write_all(b"{\"Records\":[").map_err(fail)?;
                open.entry(key).or_insert(gz)
            }
        };
        gz.write_all(e.record.as_bytes()).map_err(fail)?;
    }
    open.into_iter()
        .map(|(key, mut gz)| {
            gz.write_all(b"]}").map_err(fail)?;
            Ok((key, gz.finish().map_err(fail)?))
        })
        .collect()
}

/// An account ID or region as a path component: itself when it is made of lowercase letters,
/// digits and dashes (every real one), else `invalid-<what>` — a request's signing region is
/// the client's to choose, and must not choose where a file goes.
fn path_part(value: &str, what: &str) -> String {
    let plain = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if plain {
        value.to_string()
    } else {
        format!("invalid-{what}")
    }
}

/// The file's key under the trail directory, in AWS's layout.
fn file_key(account: &str, region: &str, delivered_ms: i64, unique: &str) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(delivered_ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (y, m, d) = (t.year(), u8::from(t.month()), t.day());
    format!(
        "AWSLogs/{account}/CloudTrail/{region}/{y:04}/{m:02}/{d:02}/\
         {account}_CloudTrail_{region}_{y:04}{m:02}{d:02}T{:02}{:02}Z_{unique}.json.gz",
        t.hour(),
        t.minute()
    )
}

const ALPHANUMERICS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn random_seed() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| char::from(ALPHANUMERICS[rng.gen_range(0..ALPHANUMERICS.len())]))
        .collect()
}

/// The file name's 16 alphanumerics: random through the delivery's seed, yet the same for the
/// same (seed, account, region) in every run and version (FNV-1a, then splitmix64), so a
/// delivery redone after a crash replaces its files instead of adding copies.
fn unique_string(seed: &str, account: &str, region: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in [seed, "/", account, "/", region].concat().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..16)
        .map(|_| {
            h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = h;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            char::from(ALPHANUMERICS[(z % 62) as usize])
        })
        .collect()
}

/// Creates `dir` (below `root`, which exists) level by level, making each new entry durable.
fn create_dirs(root: &Path, dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent()
        && parent != root
    {
        create_dirs(root, parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o750).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(io(dir, e)),
    }
    sync_dir(dir.parent().unwrap_or(root))
}

/// Writes `path` whole or not at all: a temporary file beside it (a dot name that matches
/// no `*.json.gz` pattern), fsync'd, then renamed over `path`.
fn write_atomically(path: &Path, bytes: &[u8], mode: u32) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| StoreError(format!("{}: no file name", path.display())))?;
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(mode)
        .open(&tmp)
        .map_err(|e| io(&tmp, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Makes a directory's entries (a rename, a new file) durable.
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io(dir, e))
}

// ---------------------------------------------------------------------------------------------
// The server's trail: a thread delivering at the end of every rotation window.

/// The running trail of `iamd serve`.
pub struct TrailHandle {
    stop: mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
    delivered: Arc<AtomicI64>,
}

impl std::fmt::Debug for TrailHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrailHandle").finish_non_exhaustive()
    }
}

impl TrailHandle {
    /// Opens the trail (errors here stop the server from starting) and starts its thread: it
    /// delivers at once what an earlier run left (an unfinished delivery, events committed
    /// after the last one), then at the end of every window of `rotate` (windows aligned on
    /// the epoch: every 5 minutes is :00, :05, …), until `stop`.
    pub fn start(dir: &Path, db: &Path, rotate: Duration) -> Result<Self, StoreError> {
        let (dir, db) = (dir.to_path_buf(), db.to_path_buf());
        Self::spawn(move || Trail::open(&dir, &db), rotate)
    }

    /// The trail of a node on a PostgreSQL store several nodes share: every node runs one, and
    /// for each window the first node to take the trail's lock delivers it (the others find it
    /// delivered); a delivery a node left unfinished (killed) is finished by the next to take
    /// the lock, with the same file names, skipping the files it recorded as written.
    pub fn start_postgres(dir: &Path, url: &str, rotate: Duration) -> Result<Self, StoreError> {
        let (dir, url) = (dir.to_path_buf(), url.to_string());
        Self::spawn(
            move || {
                let source = crate::postgres_events::PgTrailSource::open(&url)?;
                Trail::with_source(&dir, Box::new(source))
            },
            rotate,
        )
    }

    /// Opens the trail on its own thread (a PostgreSQL source blocks on a runtime of its own,
    /// which must not be entered from the server's) and delivers there until `stop`.
    fn spawn(
        open: impl FnOnce() -> Result<Trail, StoreError> + Send + 'static,
        rotate: Duration,
    ) -> Result<Self, StoreError> {
        let rotate_ms = i64::try_from(rotate.as_millis()).unwrap_or(i64::MAX).max(1);
        // A short window (tests) settles for at most half of it.
        let settle = SETTLE.min(rotate / 2);
        let (stop, stopped) = mpsc::channel::<()>();
        let (opened, open_result) = mpsc::channel::<Result<Arc<AtomicI64>, StoreError>>();
        let thread = std::thread::Builder::new()
            .name("iamd-trail".into())
            .spawn(move || {
                let mut trail = match open() {
                    Ok(trail) => {
                        let _ = opened.send(Ok(trail.delivered_seq()));
                        trail
                    }
                    Err(e) => {
                        let _ = opened.send(Err(e));
                        return;
                    }
                };
                let run = |trail: &mut Trail, at: i64, settle: Duration, when: When| {
                    if let Err(e) = trail.run(at, settle, when) {
                        tracing::error!(error = %e, "CloudTrail log files not delivered (retried next window)");
                    }
                };
                run(&mut trail, now_ms(), Duration::ZERO, When::Start);
                loop {
                    let now = now_ms();
                    let end = (now.div_euclid(rotate_ms) + 1).saturating_mul(rotate_ms);
                    let wait = Duration::from_millis(u64::try_from(end - now).unwrap_or(0));
                    match stopped.recv_timeout(wait) {
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            run(&mut trail, end, settle, When::Window)
                        }
                        // Stopping: the open window is delivered now.
                        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                            run(&mut trail, now_ms(), Duration::ZERO, When::Stop);
                            return;
                        }
                    }
                }
            })
            .map_err(|e| StoreError(e.to_string()))?;
        let delivered = match open_result.recv() {
            Ok(Ok(delivered)) => delivered,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(e);
            }
            Err(_) => return Err(StoreError("the trail's thread stopped".into())),
        };
        Ok(TrailHandle {
            stop,
            thread: Some(thread),
            delivered,
        })
    }

    /// The `seq` up to which every event is in a file.
    pub fn delivered_seq(&self) -> Arc<AtomicI64> {
        self.delivered.clone()
    }

    /// Delivers the open window and stops (blocking). Call it once every request has
    /// finished and the store has committed their events (a barrier), so the last window
    /// holds them all.
    pub fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStore;
    use iam_core::audit::{EventRecord, EventResource};
    use iam_core::store::Store;
    use std::collections::BTreeSet;

    fn event(id: &str, account: &str, region: &str, secret: &str) -> EventRecord {
        EventRecord {
            capture: Vec::new(),
            event_id: id.into(),
            account_id: account.into(),
            time_ms: 1_700_000_000_000,
            event_name: "GetUser".into(),
            event_source: "iam.amazonaws.com".into(),
            read_only: true,
            username: Some("alice".into()),
            access_key_id: None,
            resources: vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: "alice".into(),
            }],
            json: format!(
                r#"{{"eventID":"{id}","awsRegion":"{region}","recipientAccountId":"{account}","note":"{secret}"}}"#
            ),
        }
    }

    async fn append(store: &SqliteStore, events: Vec<EventRecord>) {
        assert!(store.append_events(events, false).is_none());
        store.submit(Vec::new()).await.unwrap().unwrap();
    }

    /// Every trail file under `dir`: (relative path, its records).
    fn files(dir: &Path) -> Vec<(String, Vec<serde_json::Value>)> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<serde_json::Value>)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else if path.to_string_lossy().ends_with(".json.gz") {
                    let mut text = String::new();
                    std::io::Read::read_to_string(
                        &mut flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap()),
                        &mut text,
                    )
                    .unwrap();
                    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                    let rel = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.push((rel, doc["Records"].as_array().unwrap().clone()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn ids(files: &[(String, Vec<serde_json::Value>)]) -> Vec<String> {
        let mut ids: Vec<String> = files
            .iter()
            .flat_map(|(_, r)| r.iter().map(|r| r["eventID"].as_str().unwrap().to_string()))
            .collect();
        ids.sort();
        ids
    }

    #[tokio::test]
    async fn files_in_awss_layout_one_per_account_and_region() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("iamd.db");
        let dir = tmp.path().join("trail");
        let store = SqliteStore::open(&db).unwrap();
        append(
            &store,
            vec![
                event("a1", "111111111111", "us-east-1", "x"),
                event("a2", "111111111111", "eu-west-1", "x"),
                event("a3", "111111111111", "us-east-1", "x"),
                event("b1", "222222222222", "us-east-1", "x"),
                event("evil", "222222222222", "../../../etc", "x"),
            ],
        )
        .await;
        let mut trail = Trail::open(&dir, &db).unwrap();
        // 2025-08-01T02:10:30Z
        let at = 1_754_014_230_000;
        assert_eq!(trail.deliver(at, Duration::ZERO).unwrap(), 4);
        let found = files(&dir);
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        let re = regex_lite(&names);
        assert_eq!(
            re,
            [
                "AWSLogs/111111111111/CloudTrail/eu-west-1/2025/08/01/111111111111_CloudTrail_eu-west-1_20250801T0210Z_*.json.gz",
                "AWSLogs/111111111111/CloudTrail/us-east-1/2025/08/01/111111111111_CloudTrail_us-east-1_20250801T0210Z_*.json.gz",
                "AWSLogs/222222222222/CloudTrail/invalid-region/2025/08/01/222222222222_CloudTrail_invalid-region_20250801T0210Z_*.json.gz",
                "AWSLogs/222222222222/CloudTrail/us-east-1/2025/08/01/222222222222_CloudTrail_us-east-1_20250801T0210Z_*.json.gz",
            ]
        );
        // The records in seq order, exactly as stored.
        let us = &found[1].1;
        assert_eq!(us.len(), 2);
        assert_eq!(us[0]["eventID"], "a1");
        assert_eq!(us[1]["eventID"], "a3");
        assert_eq!(trail.delivered_seq().load(Ordering::Acquire), 5);
        // Nothing new: no file; new events: new files, none rewritten.
        assert_eq!(trail.deliver(at + 300_000, Duration::ZERO).unwrap(), 0);
        append(&store, vec![event("a4", "111111111111", "us-east-1", "x")]).await;
        drop(trail);
        let mut trail = Trail::open(&dir, &db).unwrap();
        assert_eq!(trail.deliver(at + 300_000, Duration::ZERO).unwrap(), 1);
        let found = files(&dir);
        assert_eq!(found.len(), 5);
        assert_eq!(ids(&found), ["a1", "a2", "a3", "a4", "b1", "evil"]);
        assert!(found[2].0.contains("T0215Z_"), "{}", found[2].0);
    }

    /// The names without their unique strings (checked apart: 16 alphanumerics).
    fn regex_lite(names: &[&str]) -> Vec<String> {
        names
            .iter()
            .map(|n| {
                let (head, tail) = n.rsplit_once('_').unwrap();
                let unique = tail.strip_suffix(".json.gz").unwrap();
                assert_eq!(unique.len(), 16, "{n}");
                assert!(unique.bytes().all(|b| b.is_ascii_alphanumeric()), "{n}");
                format!("{head}_*.json.gz")
            })
            .collect()
    }

    /// A delivery interrupted after some of its files (a crash) is redone at the next open
    /// with the same file names: every event once, in one file.
    #[tokio::test]
    async fn an_interrupted_delivery_is_redone_without_copies() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("iamd.db");
        let dir = tmp.path().join("trail");
        let store = SqliteStore::open(&db).unwrap();
        append(
            &store,
            vec![
                event("a1", "111111111111", "us-east-1", "x"),
                event("b1", "222222222222", "us-east-1", "x"),
                event("c1", "333333333333", "us-east-1", "x"),
            ],
        )
        .await;
        {
            let mut trail = Trail::open(&dir, &db).unwrap();
            let delivery = Delivery {
                after: 0,
                upto: 3,
                delivered_ms: 1_754_014_230_000,
                seed: random_seed(),
            };
            trail.plan(&delivery).unwrap();
            // The crash: the files are written (as far as they go), the cursor not moved.
            trail.write_files(&delivery).unwrap();
            std::fs::remove_file(dir.join(files(&dir).into_iter().nth(1).unwrap().0)).unwrap();
        }
        assert_eq!(files(&dir).len(), 2);
        append(&store, vec![event("a2", "111111111111", "us-east-1", "x")]).await;
        let mut trail = Trail::open(&dir, &db).unwrap();
        trail.deliver(1_754_014_530_000, Duration::ZERO).unwrap();
        let found = files(&dir);
        assert_eq!(ids(&found), ["a1", "a2", "b1", "c1"]);
        assert_eq!(found.len(), 4, "the redone delivery's three, then a2's");
        let names: BTreeSet<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 4);
        // No temporary file is left.
        let mut left = Vec::new();
        fn temps(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    temps(&path, out);
                } else if path.to_string_lossy().ends_with(".tmp") {
                    out.push(path);
                }
            }
        }
        temps(&dir, &mut left);
        assert!(left.is_empty(), "{left:?}");
        let cursor: Cursor =
            serde_json::from_slice(&std::fs::read(dir.join(CURSOR_FILE)).unwrap()).unwrap();
        assert_eq!(cursor.delivered_seq, 4);
        assert_eq!(cursor.pending, None);
        assert_eq!(cursor.last_ms, 1_754_014_530_000);
    }

    #[tokio::test]
    async fn a_backlog_is_delivered_in_bounded_deliveries() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("iamd.db");
        let dir = tmp.path().join("trail");
        let store = SqliteStore::open(&db).unwrap();
        let n = DELIVERY_EVENTS as usize + 10;
        append(
            &store,
            (0..n)
                .map(|i| event(&format!("e{i:06}"), "111111111111", "us-east-1", "x"))
                .collect(),
        )
        .await;
        let mut trail = Trail::open(&dir, &db).unwrap();
        assert_eq!(trail.deliver(1_754_014_230_000, Duration::ZERO).unwrap(), 2);
        let found = files(&dir);
        assert_eq!(found[0].1.len() + found[1].1.len(), n);
        let all = ids(&found);
        assert_eq!(all.len(), n);
        assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), n);
    }

    #[test]
    fn unique_strings_are_stable_and_alphanumeric() {
        let a = unique_string("seed", "111111111111", "us-east-1");
        assert_eq!(a, unique_string("seed", "111111111111", "us-east-1"));
        assert_ne!(a, unique_string("seed", "111111111111", "us-east-2"));
        assert_ne!(a, unique_string("seee", "111111111111", "us-east-1"));
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
