//! The SQLite store with group commit (see NOTES: one fsync per commit, ~3 ms here, so durable
//! writes at speed need batching). Records and audit events share the one writer thread, so an
//! event and the write it describes commit in the same transaction.
use iam_core::audit::{
    COMPLETION_WAIT, CompletedEvent, EventDraft, EventQuery, EventRecord, RecordForm, RecordView,
    StoredEvent,
};
use iam_core::store::{Ack, Change, Record, Store, StoreError};
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// What the writer thread is handed, in submission order.
enum Job {
    /// A write's record changes (perhaps with the event of its request), acknowledged once
    /// committed. No changes: a barrier, acknowledged once everything before it is committed.
    Write(Vec<Change>, oneshot::Sender<Result<(), StoreError>>),
    /// A barrier acknowledged once everything before it is committed and posted: the indexer
    /// has written the postings of every event committed before it (`flush_postings`).
    FlushPostings(oneshot::Sender<Result<(), StoreError>>),
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
    /// The preparer made a batch of events ready (`EventPipe::ready`): committed now, with
    /// whatever else is queued.
    Prepared,
}

type Acks = Vec<oneshot::Sender<Result<(), StoreError>>>;

/// Events that describe no change (reads, refusals), on their way from the request threads to
/// the writer. Request threads render and encode them into `queue` (`append_completed`); the
/// preparer thread copies the queue once per `EVENTS_WINDOW`, compresses its blocks and lists
/// its postings (`events::prepare_events`) at the lowest CPU priority, and hands the batch to
/// the writer (`ready`), who only inserts it. Work that competes with requests for the CPU
/// cost them about twice its own time (a thread burning 2 µs per GetUser in 10 ms bursts took
/// 9–12% of the requests a second); at the lowest priority it is done in the time requests
/// leave (the same burner: 3–6%). Nothing waits for this thread, which a CPU with no idle time
/// starves: a barrier takes the queue whole and prepares it itself, and so does a request that
/// finds `HELP_AT` events queued, and the starved preparer's copy is then void
/// (`Queued::generation`).
#[derive(Default)]
struct EventPipe {
    queue: parking_lot::Mutex<Queued>,
    /// Prepared batches, in the order they were taken from the queue; pushed under the
    /// queue's lock by the preparer, so that a barrier that takes the queue and then `ready`
    /// (still under it) misses nothing queued before it.
    ready: parking_lot::Mutex<Vec<Prepared>>,
    /// Held by whoever takes the queue whole (`take_all`) until what it took is in `ready` or
    /// its commit: a barrier then waits for a request preparing the queue (never for the
    /// preparer). It holds the buffer a request that prepares the queue swaps the queue's
    /// bytes into (`SqliteStore::prepare_queue`), emptied and kept: the queue goes on in the
    /// buffer it had before, not in a new one that grows again from nothing (reallocations,
    /// and fresh pages the kernel zeroes, for a megabyte of events each time).
    taking: parking_lot::Mutex<Vec<u8>>,
    stop: std::sync::atomic::AtomicBool,
}

/// Encoded events (`events::queue_event`) and the acknowledgements awaited by requests that
/// `QUEUED_EVENTS_BOUND` held back.
#[derive(Default)]
struct Queued {
    bytes: Vec<u8>,
    acks: Acks,
    /// Events in `bytes`.
    events: usize,
    /// Bumped each time the queue is taken whole (`EventPipe::take_all`): a preparer's copy
    /// of an earlier generation is void.
    generation: u64,
}

/// Queued events past which the request that queues one prepares the queue itself (about 3 MB,
/// three windows of GetUser at 50,000 a second): the preparer has not had the CPU for as long.
/// Below `QUEUED_EVENTS_BOUND`, so that a request prepares a starved queue before any waits.
const HELP_AT: usize = 8_192;
const _: () = assert!(HELP_AT < QUEUED_EVENTS_BOUND);

/// A batch made ready (`None`: it could not be, its events are lost, and said so).
struct Prepared {
    events: Option<crate::events::PreparedEvents>,
    count: usize,
    acks: Acks,
}

impl Prepared {
    /// Prepares encoded events (`events::prepare_events`).
    fn of(bytes: &[u8], acks: Acks) -> Prepared {
        let (events, count) = match crate::events::prepare_events(bytes) {
            Ok(events) => {
                let count = events.count;
                (Some(events), count)
            }
            // A malformed queue (a bug).
            Err(e) => {
                let lost = crate::events::queued_events(bytes);
                tracing::error!(error = %e, lost, "audit events not stored");
                (None, lost)
            }
        };
        Prepared {
            events,
            count,
            acks,
        }
    }
}

/// What the preparer copied from the queue: the queue's generation, bytes and acknowledgements
/// then.
struct Copied {
    generation: u64,
    bytes: usize,
    acks: usize,
}

impl EventPipe {
    /// The preparer's copy of what is queued.
    fn copy(&self, into: &mut Vec<u8>) -> Copied {
        let queue = self.queue.lock();
        into.clone_from(&queue.bytes);
        Copied {
            generation: queue.generation,
            bytes: queue.bytes.len(),
            acks: queue.acks.len(),
        }
    }

    /// Makes the preparer's batch ready and removes what it copied from the queue, unless the
    /// queue was taken whole since the copy (`false`: the batch is void).
    fn publish(&self, copied: Copied, mut prepared: Prepared) -> bool {
        let mut queue = self.queue.lock();
        if queue.generation != copied.generation {
            return false;
        }
        queue.bytes.drain(..copied.bytes);
        queue.events = queue.events.saturating_sub(prepared.count);
        prepared.acks = queue.acks.drain(..copied.acks).collect();
        // Under the queue's lock: a barrier's `take_all` finds it in `ready`.
        self.ready.lock().push(prepared);
        true
    }

    /// Queues a rendered record (`events::queue_event`): whether it is the first of a window,
    /// and whether `HELP_AT` events are now queued.
    fn queue_record(&self, record: &RecordView<'_>) -> (bool, bool) {
        let mut queue = self.queue.lock();
        let first = queue.bytes.is_empty();
        crate::events::queue_event(&mut queue.bytes, record);
        queue.events += 1;
        (first, queue.events >= HELP_AT)
    }

    /// Takes everything queued (voiding the preparer's copy) and the batches made ready before
    /// it, in that order: nothing queued before the call is left behind. The caller holds
    /// `taking`.
    fn take_all(&self, into: &mut Vec<Prepared>, buffer: &mut Vec<u8>) -> Option<Prepared> {
        let queue = self.queue.lock();
        into.append(&mut self.ready.lock());
        Self::prepare_taken(queue, buffer)
    }

    /// Takes everything queued (voiding the preparer's copy), without the batches already
    /// ready. The caller holds `taking`.
    fn take_queue(&self, buffer: &mut Vec<u8>) -> Option<Prepared> {
        Self::prepare_taken(self.queue.lock(), buffer)
    }

    /// Empties the locked queue into `buffer` and prepares it once the lock is released.
    fn prepare_taken(
        mut queue: parking_lot::MutexGuard<'_, Queued>,
        buffer: &mut Vec<u8>,
    ) -> Option<Prepared> {
        if queue.bytes.is_empty() && queue.acks.is_empty() {
            return None;
        }
        std::mem::swap(&mut queue.bytes, buffer);
        let acks = std::mem::take(&mut queue.acks);
        queue.events = 0;
        queue.generation += 1;
        drop(queue);
        let prepared = Prepared::of(buffer, acks);
        buffer.clear();
        Some(prepared)
    }
}

/// The preparer's `nice` value: the lowest priority (a thread may lower its own priority
/// without privileges, never raise it back, so the writer, whom durable writes wait for,
/// keeps the normal one).
const PREPARER_NICE: i32 = 19;

/// The preparer thread (`EventPipe`).
fn preparer(pipe: Arc<EventPipe>, jobs: mpsc::Sender<Job>, writer: std::thread::Thread) {
    if let Err(e) = rustix::process::setpriority_process(None, PREPARER_NICE) {
        tracing::warn!(error = %e, "could not lower the audit event preparer's priority");
    }
    let mut copy = Vec::new();
    loop {
        let waiting = {
            let queue = pipe.queue.lock();
            !queue.bytes.is_empty() || !queue.acks.is_empty()
        };
        if !waiting {
            if pipe.stop.load(Ordering::Acquire) {
                return;
            }
            // Unparked by the first event of a window, a request held back, or the end.
            std::thread::park();
            continue;
        }
        // The window: the events of the next `EVENTS_WINDOW` share the batch.
        if !pipe.stop.load(Ordering::Acquire) {
            std::thread::park_timeout(EVENTS_WINDOW);
        }
        // A copy, prepared without the lock: requests keep queueing meanwhile.
        let copied = pipe.copy(&mut copy);
        if !pipe.publish(copied, Prepared::of(&copy, Vec::new())) {
            // Taken whole meanwhile (a barrier, or a request while this thread waited for the
            // CPU): what it prepared is theirs.
            continue;
        }
        if jobs.send(Job::Prepared).is_err() {
            return;
        }
        writer.unpark();
    }
}

/// What a commit takes from the pipe: the prepared batches and, at a barrier, the events
/// still queued (prepared by the writer itself), so that the barrier's commit holds every
/// event queued before it.
#[derive(Default)]
struct Piped {
    prepared: Vec<Prepared>,
    /// The writer's buffer for what a barrier takes from the queue (its capacity kept).
    buffer: Vec<u8>,
}

impl Piped {
    fn take(&mut self, pipe: &EventPipe, barrier: bool) {
        if barrier {
            let _taking = pipe.taking.lock();
            if let Some(rest) = pipe.take_all(&mut self.prepared, &mut self.buffer) {
                self.prepared.push(rest);
            }
        } else {
            self.prepared.append(&mut pipe.ready.lock());
        }
    }

    fn is_empty(&self) -> bool {
        self.prepared.is_empty()
    }

    /// After the commit: acknowledges, counts the events out, and empties.
    fn settle(&mut self, result: &Result<(), StoreError>, queued: &AtomicUsize) {
        let mut n = 0;
        for prepared in self.prepared.drain(..) {
            n += prepared.count;
            for ack in prepared.acks {
                let _ = ack.send(result.clone());
            }
        }
        queued.fetch_sub(n, Ordering::AcqRel);
        if let Err(e) = result
            && n > 0
        {
            tracing::error!(error = %e, lost = n, "audit events not stored");
        }
    }
}

/// Events queued and not yet committed beyond which `append_events` makes its caller wait
/// (about 20 MB of records): a burst is absorbed, a sustained overload slows requests down
/// instead of growing memory or dropping events.
const QUEUED_EVENTS_BOUND: usize = 20_000;

pub struct SqliteStore {
    path: std::path::PathBuf,
    jobs: mpsc::Sender<Job>,
    /// The writer thread, unparked when a job is sent (it waits parked: `next_job`).
    writer: std::thread::Thread,
    /// Joined when the store is dropped: its last postings are written by then, so the file
    /// is closed when the store is gone (a second handle opened next finds no writer).
    writer_done: Option<std::thread::JoinHandle<()>>,
    /// Events handed to `append_events` and not yet committed.
    queued: Arc<AtomicUsize>,
    /// Completed events of requests that wrote nothing, on their way to the writer.
    pipe: Arc<EventPipe>,
    /// The preparer thread (`preparer`), stopped and joined before the writer.
    preparer: Option<std::thread::JoinHandle<()>>,
    /// The connection lookups read with (WAL: readers never block the writer).
    reader: parking_lot::Mutex<Option<Connection>>,
    /// The checkpointer thread (`checkpointer`), told to stop and joined after the writer.
    checkpointer: Option<(Arc<Stop>, std::thread::JoinHandle<()>)>,
    /// The indexer thread (`indexer`), stopped and joined after the writer, and its queue.
    indexer: Option<std::thread::JoinHandle<()>>,
    feed: Arc<Feed>,
}

/// A flag a thread sleeps on until it is set.
#[derive(Default)]
struct Stop {
    stopped: parking_lot::Mutex<bool>,
    wake: parking_lot::Condvar,
}

/// How often the checkpointer copies the WAL's committed pages into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// WAL pages past which the writer checkpoints by itself (64 MB). The checkpointer has copied
/// nearly all of them by then, so this is short, and it is what lets the WAL start again from
/// its beginning: a checkpoint from another connection under continuous writes never finds
/// every frame copied at the moment the writer begins a transaction.
const WRITER_AUTOCHECKPOINT_PAGES: i64 = 16_384;

/// Copies the WAL's committed pages into the database file (a PASSIVE checkpoint: it never
/// blocks the writer, who restarts the WAL from its start once all of it is copied), every
/// `CHECKPOINT_EVERY`, on a connection and thread of its own: checkpoints ran inside the
/// writer's COMMITs (SQLite's automatic checkpoint at 8,192 pages), and every write queued
/// behind the copy and the database's fsync — 18–40 ms commits under CreateUser at 32.
fn checkpointer(conn: Connection, stop: Arc<Stop>) {
    loop {
        {
            let mut stopped = stop.stopped.lock();
            if !*stopped {
                stop.wake.wait_for(&mut stopped, CHECKPOINT_EVERY);
            }
            if *stopped {
                return;
            }
        }
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %e, "WAL checkpoint failed (the writer checkpoints past 64 MB)");
        }
    }
}

/// Reads the database file once, start to end, on a thread of its own while the records load.
/// The records' B-tree pages lie scattered among the audit events' pages (both grow together),
/// so with a cold page cache the key-ordered cursor reads at random (11.5 s at a million users
/// and 2 GB); one sequential pass brings the file in at the disk's streaming speed and the
/// cursor finds its pages cached. Skipped when the file is larger than half the memory
/// available (it would evict what it read) or the available memory cannot be read.
fn prefetch(path: &Path) {
    let Ok(len) = std::fs::metadata(path).map(|m| m.len()) else {
        return;
    };
    if len < PREFETCH_MIN_BYTES || available_memory().is_none_or(|avail| len > avail / 2) {
        return;
    }
    let path = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("iamd-prefetch".into())
        .spawn(move || {
            use std::io::Read;
            let Ok(mut file) = std::fs::File::open(&path) else {
                return;
            };
            let mut buf = vec![0u8; 4 << 20];
            while matches!(file.read(&mut buf), Ok(n) if n > 0) {}
        });
    if let Err(e) = spawned {
        tracing::debug!(error = %e, "no prefetch thread");
    }
}

/// Below this a cold read costs little: no thread.
const PREFETCH_MIN_BYTES: u64 = 64 << 20;

/// `MemAvailable` of /proc/meminfo, in bytes (Linux; elsewhere `None`).
fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        // The preparer hands over what is queued, then ends (and drops its end of the jobs).
        self.pipe.stop.store(true, Ordering::Release);
        if let Some(preparer) = self.preparer.take() {
            preparer.thread().unpark();
            if preparer.join().is_err() {
                tracing::error!("the store's event preparer thread panicked");
            }
        }
        // Closing the queue ends the writer's loop once it has committed what was queued.
        drop(std::mem::replace(&mut self.jobs, mpsc::channel().0));
        self.writer.unpark();
        if let Some(writer) = self.writer_done.take()
            && writer.join().is_err()
        {
            tracing::error!("the store's writer thread panicked");
        }
        // The indexer writes what the writer handed it, then ends.
        self.feed.queue.lock().stop = true;
        if let Some(indexer) = self.indexer.take() {
            indexer.thread().unpark();
            if indexer.join().is_err() {
                tracing::error!("the store's event indexer thread panicked");
            }
        }
        if let Some((stop, thread)) = self.checkpointer.take() {
            *stop.stopped.lock() = true;
            stop.wake.notify_all();
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

/// The schema of the working set's records; the audit events' is `events::SCHEMA`.
const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value BLOB NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
";

fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(err)?;
    // WAL + FULL: a COMMIT returns only after the WAL is fsync'd, so an acknowledged write
    // survives kill -9 and power loss.
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         PRAGMA synchronous=FULL;
         PRAGMA busy_timeout=5000;
         PRAGMA wal_autocheckpoint=8192;
         PRAGMA cache_size=-32768;",
    )
    .map_err(err)?;
    conn.execute_batch(SCHEMA).map_err(err)?;
    conn.execute_batch(crate::events::SCHEMA).map_err(err)?;
    Ok(conn)
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

impl SqliteStore {
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(path, true)
    }

    /// `with_preparer: false` (tests): as if the preparer never had the CPU.
    fn open_with(path: impl AsRef<Path>, with_preparer: bool) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let mut conn = open_connection(&path)?;
        let (postings, floor) = crate::events::open_postings(&path, &mut conn)?;
        // The writer's own page cache stays small: see `WRITER_CACHE_KIB`. Its checkpoints
        // are the checkpointer's (`checkpointer`).
        conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)
            .map_err(err)?;
        conn.pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT_PAGES)
            .map_err(err)?;
        let stop = Arc::new(Stop::default());
        let checkpoints = open_connection(&path)?;
        let checkpoint_stop = stop.clone();
        let checkpointer = std::thread::Builder::new()
            .name("iamd-store-checkpoint".into())
            .spawn(move || checkpointer(checkpoints, checkpoint_stop))
            .map_err(|e| StoreError(e.to_string()))?;
        let feed = Arc::new(Feed::default());
        let indexer_feed = feed.clone();
        let indexer = std::thread::Builder::new()
            .name("iamd-event-index".into())
            .spawn(move || indexer(postings, &indexer_feed))
            .map_err(|e| StoreError(e.to_string()))?;
        let index = Index {
            feed: feed.clone(),
            indexer: indexer.thread().clone(),
            floor,
        };
        let (tx, rx) = mpsc::channel::<Job>();
        let queued = Arc::new(AtomicUsize::new(0));
        let writer_queued = queued.clone();
        let pipe = Arc::new(EventPipe::default());
        let writer_pipe = pipe.clone();
        let preparer_pipe = pipe.clone();
        let preparer_jobs = tx.clone();
        let thread = std::thread::Builder::new()
            .name("iamd-store-writer".into())
            .spawn(move || writer(conn, rx, writer_queued, &writer_pipe, &index))
            .map_err(|e| StoreError(e.to_string()))?;
        let preparer_writer = thread.thread().clone();
        let preparer = with_preparer
            .then(|| {
                std::thread::Builder::new()
                    .name("iamd-event-prep".into())
                    .spawn(move || preparer(preparer_pipe, preparer_jobs, preparer_writer))
            })
            .transpose()
            .map_err(|e| StoreError(e.to_string()))?;
        Ok(Self {
            path,
            jobs: tx,
            writer: thread.thread().clone(),
            writer_done: Some(thread),
            queued,
            pipe,
            preparer,
            reader: parking_lot::Mutex::new(None),
            checkpointer: Some((stop, checkpointer)),
            indexer: Some(indexer),
            feed,
        })
    }
}

/// The writer connection's page cache, in KiB (readers keep 32 MiB). Every COMMIT ends by
/// dropping cached pages past the end of the database, and a B-tree split that renumbers its
/// pages parks one at the page number just past 1 GiB meanwhile: in a database under 1 GiB the
/// whole cache's hash table is then scanned, commit after commit. With 32 MiB (8,192 pages)
/// that scan was the writer's largest single cost under durable CreateUser (≈9 µs a write,
/// `perf`); 8 MiB scans a quarter of it and still holds the B-trees' upper levels (2 MiB made
/// the postings' writes at 10M events read more pages back). Pages it no longer holds come from
/// the OS's cache of the file and WAL.
const WRITER_CACHE_KIB: i64 = 8_192;

/// How long events that describe no change (reads, refusals) wait for company before the writer
/// commits them: one transaction and one fsync for every event of the window instead of one
/// per request. A write (or a barrier) ends the window at once, and its transaction takes the
/// events queued before it, so no write waits for the window; a crash loses at most the
/// events of the last window, never one of an acknowledged write (its event is in the write's
/// own transaction). 50 ms rather than 10: each window costs the CPU a wake-up of the preparer
/// and the writer and a transaction whatever it holds, and at 50,000 reads a second a window of
/// 10 ms took 3–6% more CPU per request than one of 50 (`bench/ab.py`, pinned; BENCHMARKS.md).
pub const EVENTS_WINDOW: Duration = Duration::from_millis(50);

/// Jobs committed in one transaction at most.
const JOBS_PER_COMMIT: usize = 1024;

/// The single writer: takes every job queued right now — and, when they are only events, those
/// that arrive within `EVENTS_WINDOW` — commits them in one transaction, in queue order, then
/// acknowledges each.
fn writer(
    mut conn: Connection,
    rx: mpsc::Receiver<Job>,
    queued: Arc<AtomicUsize>,
    pipe: &EventPipe,
    index: &Index,
) {
    // What each commit takes from the pipe (its buffers reused).
    let mut piped = Piped::default();
    // A retention batch found while gathering a group: run on its own, next.
    let mut next: Option<Job> = None;
    let mut sync = FsyncPolicy {
        full: true,
        last: Instant::now(),
    };
    let mut stored = Stored {
        to_post: Vec::new(),
        provisional: crate::events::Provisional::default(),
        upto: index.floor,
    };
    // The last `seq` retention deleted in the run going on, its postings not yet handed over.
    let mut pruned_upto = 0i64;
    // Registered once: the macro builds and looks up its key at every call.
    let commit_seconds = metrics::histogram!("iamd_store_commit_seconds");
    loop {
        let first = match next.take() {
            Some(job) => job,
            None => match next_job(&rx) {
                Some(job) => job,
                None => break,
            },
        };
        if let Job::Prune {
            before_ms,
            upto_seq,
            limit,
            ack,
        } = first
        {
            let pruned = crate::retention::prune_batch(&mut conn, before_ms, upto_seq, limit);
            if let Ok((n, last_seq)) = pruned {
                if n > 0 {
                    pruned_upto = pruned_upto.max(last_seq);
                }
                // A run of retention ends with its first short batch: the postings of all it
                // deleted then go in one pass (`events::prune_postings` scans the table).
                if n < limit && pruned_upto > 0 {
                    index.feed.queue.lock().prunes.push(pruned_upto);
                    pruned_upto = 0;
                }
            }
            let _ = ack.send(pruned.map(|(n, _)| n));
            continue;
        }
        let mut batch = vec![first];
        let mut deadline = None;
        'gather: loop {
            while batch.len() < JOBS_PER_COMMIT
                && let Ok(more) = rx.try_recv()
            {
                if matches!(more, Job::Prune { .. }) {
                    next = Some(more);
                    break 'gather;
                }
                batch.push(more);
            }
            let waits_for_commit = batch.iter().any(|j| {
                matches!(
                    j,
                    Job::Write(..)
                        | Job::Events { ack: Some(_), .. }
                        | Job::Prepared
                        | Job::FlushPostings(_)
                )
            });
            if waits_for_commit || batch.len() >= JOBS_PER_COMMIT {
                break;
            }
            let now = Instant::now();
            let until = *deadline.get_or_insert(now + EVENTS_WINDOW);
            if now >= until {
                break;
            }
            // Parked, not blocked on the channel: a read's event queued in the pipe wakes
            // nobody (no system call per event); a job sent unparks this thread (`submit`,
            // `append_events`, the preparer's `Job::Prepared`).
            std::thread::park_timeout(until - now);
        }
        sync.choose(&conn, &batch);
        let started = std::time::Instant::now();
        // A barrier's commit holds every event queued before it.
        let barrier = batch.iter().any(|j| match j {
            Job::Write(changes, _) => changes.is_empty(),
            Job::FlushPostings(_) => true,
            _ => false,
        });
        piped.take(pipe, barrier);
        let result = stored.commit(&mut conn, &batch, &mut piped, index.floor);
        piped.settle(&result, &queued);
        commit_seconds.record(started.elapsed().as_secs_f64());
        // Handed over before any acknowledgement: a lookup that follows one finds this commit's
        // replacements listed (`Fed::reposts`).
        index.hand_over(&mut stored.to_post, stored.upto, Vec::new());
        // A lookup's barrier is acknowledged once committed: a lookup reads what the postings
        // do not cover yet from the log itself. `flush_postings` waits for the indexer.
        let mut barriers = Vec::new();
        for job in batch {
            match job {
                Job::FlushPostings(ack) if result.is_ok() => barriers.push(ack),
                Job::FlushPostings(ack) => {
                    let _ = ack.send(result.clone());
                }
                Job::Write(changes, ack) => {
                    // Before the acknowledgement: the request still holds its event then, so
                    // this only counts a reference down, and the event's draft (its strings,
                    // input and answer) is always freed by the request's thread, never by this
                    // one, which every durable write waits for.
                    drop(changes);
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
                Job::Prune { .. } | Job::Prepared => {}
            }
        }
        if !barriers.is_empty() {
            index.hand_over(&mut Vec::new(), stored.upto, barriers);
        }
    }
    // The channel closed (the store dropped): what is waiting is written before the end.
    piped.take(pipe, true);
    if !piped.is_empty() {
        let result = stored.commit(&mut conn, &[], &mut piped, index.floor);
        piped.settle(&result, &queued);
    }
    index.hand_over(&mut stored.to_post, stored.upto, Vec::new());
}

/// What the writer keeps of its commits' events: what the commit being made stored, for the
/// indexer to post; the events committed before their requests completed them; the last
/// `seq` committed.
struct Stored {
    to_post: Vec<crate::events::ToPost>,
    provisional: crate::events::Provisional,
    upto: i64,
}

impl Stored {
    /// `commit`, keeping the last `seq`; a rolled-back commit leaves nothing to post.
    fn commit(
        &mut self,
        conn: &mut Connection,
        batch: &[Job],
        piped: &mut Piped,
        floor: i64,
    ) -> Result<(), StoreError> {
        let result = commit(
            conn,
            batch,
            piped,
            &mut self.to_post,
            &mut self.provisional,
            floor,
        );
        match result {
            Ok(last_seq) => {
                self.upto = self.upto.max(last_seq);
                Ok(())
            }
            Err(e) => {
                self.to_post.clear();
                Err(e)
            }
        }
    }
}

/// The next job, the writer parked until one is sent — every sender unparks it, a write that
/// carries an event the request has not completed yet only once it is complete
/// (`SqliteStore::submit`); `None` once the store is gone. Never parked longer than
/// `COMPLETION_WAIT`: a write whose request never completes its event is still committed.
fn next_job(rx: &mpsc::Receiver<Job>) -> Option<Job> {
    loop {
        match rx.try_recv() {
            Ok(job) => return Some(job),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
        std::thread::park_timeout(COMPLETION_WAIT);
    }
}

/// The writer's way to the indexer thread, and the `seq` the store's events come after
/// (`events::open_postings`).
struct Index {
    feed: Arc<Feed>,
    indexer: std::thread::Thread,
    floor: i64,
}

impl Index {
    /// Hands what a commit stored (`to_post`, emptied, its capacity kept) to the indexer, with
    /// the last `seq` committed and the acknowledgements of the barriers that wait for their
    /// postings (they wake the indexer; otherwise it comes for them once a `POSTINGS_WINDOW`,
    /// and no commit costs a wake-up). Replacements (events stored before the commit: `seq` at
    /// or below the last `seq` handed over before) are also listed in `reposts`, for lookups,
    /// until posted. Past `FEED_BOUND` items waiting (an indexer that fell behind), they are
    /// dropped and the indexer posts their events from the log instead: the
    /// memory they hold stays bounded, and no thread ever waits for the indexer.
    fn hand_over(&self, to_post: &mut Vec<crate::events::ToPost>, upto: i64, barriers: Acks) {
        let wake = {
            let mut queue = self.feed.queue.lock();
            let before = queue.upto;
            for item in to_post.iter() {
                // Posted by the first window that covers an event committed after it (a
                // replacement takes no new `seq`).
                if let crate::events::ToPost::Event { seq, .. } = item
                    && *seq <= before
                {
                    queue.reposts.push((*seq, upto.max(before) + 1));
                }
            }
            queue.to_post.append(to_post);
            queue.upto = queue.upto.max(upto);
            if queue.to_post.len() > FEED_BOUND {
                let (after, upto) = (queue.taken_upto, queue.upto);
                queue.drop_range(after, upto);
                queue.to_post.clear();
            }
            queue.barriers.extend(barriers);
            !queue.barriers.is_empty() || queue.to_post.len() >= FEED_WAKE
        };
        if wake {
            self.indexer.unpark();
        }
    }
}

/// What the writer hands the indexer (`Index::hand_over`), taken whole by the indexer.
#[derive(Default)]
struct Feed {
    queue: parking_lot::Mutex<Fed>,
}

#[derive(Default)]
struct Fed {
    to_post: Vec<crate::events::ToPost>,
    /// The last `seq` committed: every event up to it is in `to_post` or was before.
    upto: i64,
    /// `upto` when the indexer last took `to_post`: what it holds now is after it.
    taken_upto: i64,
    /// Events whose items were dropped (`FEED_BOUND`): those after the first `seq` up to the
    /// second, posted by the indexer from the log.
    dropped: Option<(i64, i64)>,
    /// Events replaced after they were handed over (`seq`), each with the `seq` after the last
    /// committed with its replacement: lookups read them from the log until the postings cover
    /// that.
    reposts: Vec<(i64, i64)>,
    /// Barriers waiting for the postings of everything committed before them.
    barriers: Acks,
    /// Retention deleted the events up to each (one per run): their postings go.
    prunes: Vec<i64>,
    /// The writer has ended: what is left is written, then the indexer ends.
    stop: bool,
    /// Tests: the indexer takes nothing (as if it never had the CPU) until cleared.
    #[cfg(test)]
    paused: bool,
}

impl Fed {
    /// Adds the events after `after` up to `upto` to those the indexer posts from the log.
    fn drop_range(&mut self, after: i64, upto: i64) {
        self.dropped = Some(match self.dropped {
            Some((a, b)) => (a.min(after), b.max(upto)),
            None => (after, upto),
        });
    }
}

/// Commits' worth of events waiting for the indexer past which the writer wakes it to list them
/// (its window of postings is written when due, not then). A write's event is handed over as
/// the record its request thread made, and freed once listed: held for a whole window (50,000
/// items, about a second of CreateUser), those records kept request threads taking fresh memory
/// (page faults: 62–94 against 42–45 per 1,000 durable CreateUser at 32 connections, and a
/// larger RSS) instead of reusing what they had freed.
const FEED_WAKE: usize = 256;

/// Items waiting for the indexer past which the writer drops them (`Index::hand_over`): about
/// 30 MB of writes' records, two seconds of CreateUser at full speed.
#[cfg(not(test))]
const FEED_BOUND: usize = 32_768;
#[cfg(test)]
const FEED_BOUND: usize = 64;

/// The indexer thread: posts what the writer's commits stored (`Postings::post_all`: the lists of
/// every (account, attribute, value), kept in memory) and writes them to the postings' database
/// (`events::write_windows`) once a `POSTINGS_WINDOW`, for `flush_postings` and at the end, then
/// deletes what retention pruned. Off the writer: a durable write waits neither for listing
/// postings, nor for their pages, nor for their fsync (before, the postings' rows of unique
/// values — a random leaf of a large B-tree per new user name — took the writer 3–5 ms per
/// chunk of 1,000 and put their pages in the WAL the next write's fsync flushed). A window
/// that fails is written again with the next. Its connection has the store attached as `log`
/// (`events::open_postings`): dropped items' events are read back from there. Nothing waits
/// for it (lookups read what it has not posted yet from the log, `events::lookup`), yet it
/// keeps the normal priority: at nice 19 it made no difference to CreateUser's throughput
/// (three pinned A/Bs, BENCHMARKS.md), and under a saturated CPU its postings would lag and
/// every lookup would read the lag from the log.
fn indexer(mut conn: Connection, feed: &Feed) {
    let mut postings = crate::events::Postings::default();
    let mut taken = Vec::new();
    let mut failed: Vec<crate::events::Window> = Vec::new();
    loop {
        std::thread::park_timeout(postings.due_in().unwrap_or(POSTINGS_IDLE_WAIT));
        let (barriers, prunes, stop, dropped, reposts) = {
            let mut queue = feed.queue.lock();
            #[cfg(test)]
            if queue.paused && !queue.stop {
                continue;
            }
            std::mem::swap(&mut queue.to_post, &mut taken);
            postings.upto = queue.upto;
            queue.taken_upto = queue.upto;
            let dropped = queue.dropped.take();
            // Replacements among the dropped items are posted again from the log.
            let reposts: Vec<i64> = match dropped {
                Some(_) => queue.reposts.iter().map(|(seq, _)| *seq).collect(),
                None => Vec::new(),
            };
            (
                std::mem::take(&mut queue.barriers),
                std::mem::take(&mut queue.prunes),
                queue.stop,
                dropped,
                reposts,
            )
        };
        if let Some((after, upto)) = dropped
            && let Err(e) =
                crate::events::post_from_log(&conn, &mut postings, after, upto, &reposts)
        {
            // Tried again with the next window (until then, lookups read them from the log).
            tracing::error!(error = %e, "audit events not posted from the log; retried");
            feed.queue.lock().drop_range(after, upto);
            postings.upto = postings.upto.min(after);
        }
        postings.post_all(&mut taken);
        if barriers.is_empty() && !stop && !postings.due() {
            continue;
        }
        let mut windows = std::mem::take(&mut failed);
        windows.push(postings.take_window());
        let written_upto = windows.last().map(|w| w.upto);
        let result = crate::events::write_windows(&mut conn, &windows);
        match &result {
            Err(e) => {
                tracing::error!(error = %e, "audit event postings not written; retried with the next");
                failed = windows;
            }
            Ok(()) => {
                if let Some(upto) = written_upto {
                    feed.queue
                        .lock()
                        .reposts
                        .retain(|(_, covered_at)| *covered_at > upto);
                }
            }
        }
        if let Some(last_seq) = prunes.into_iter().max()
            && let Err(e) = crate::events::prune_postings(&conn, last_seq)
        {
            tracing::error!(error = %e, "pruned events' postings not deleted");
        }
        for ack in barriers {
            let _ = ack.send(result.clone());
        }
        if stop {
            return;
        }
    }
}

/// How long the indexer sleeps with nothing to post (`flush_postings` or the writer's end wakes
/// it).
const POSTINGS_IDLE_WAIT: Duration = Duration::from_secs(1);

/// Events of no change wait at most this long for an fsync (power loss, not kill -9, could lose
/// them before it; see `FsyncPolicy`).
pub const EVENTS_SYNC_INTERVAL: Duration = Duration::from_secs(1);

/// Which commits fsync. A batch that changes records commits with `synchronous=FULL` (the WAL
/// fsync'd before the COMMIT returns: what acknowledging a write requires, with the events it
/// carries). A batch of only events of reads and refusals commits with `NORMAL`: written to the
/// WAL, which survives the process's death (kill -9 loses none of it) and is fsync'd by the
/// next FULL commit or checkpoint — at the latest `EVENTS_SYNC_INTERVAL` later. The fsync was
/// the largest single cost of recording reads.
struct FsyncPolicy {
    full: bool,
    last: Instant,
}

impl FsyncPolicy {
    fn choose(&mut self, conn: &Connection, batch: &[Job]) {
        let changes = batch
            .iter()
            .any(|j| matches!(j, Job::Write(changes, _) if !changes.is_empty()));
        let full = changes || self.last.elapsed() >= EVENTS_SYNC_INTERVAL;
        if full != self.full {
            let mode = if full { "FULL" } else { "NORMAL" };
            if let Err(e) = conn.pragma_update(None, "synchronous", mode) {
                tracing::error!(error = %e, "could not set synchronous={mode}");
                return;
            }
            self.full = full;
        }
        if full {
            self.last = Instant::now();
        }
    }
}

/// Commits a batch: its records' changes, the events prepared or queued, and the events its
/// writes carry, in one transaction; returns the last `seq` it stored.
fn commit(
    conn: &mut Connection,
    batch: &[Job],
    piped: &mut Piped,
    to_post: &mut Vec<crate::events::ToPost>,
    provisional: &mut crate::events::Provisional,
    floor: i64,
) -> Result<i64, StoreError> {
    let empty = piped
        .prepared
        .iter()
        .all(|p| p.events.as_ref().is_none_or(|e| e.count == 0))
        && batch.iter().all(|j| match j {
            Job::Write(changes, _) => changes.is_empty(),
            Job::Events { events, .. } => events.is_empty(),
            Job::Prune { .. } | Job::Prepared | Job::FlushPostings(_) => true,
        });
    if empty {
        return Ok(0);
    }
    // IMMEDIATE: the write lock from the start, so the next `seq` read first is current even
    // when another handle wrote meanwhile (only tests open two on one file).
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    let last_seq = {
        let mut put = tx
            .prepare_cached("INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)")
            .map_err(err)?;
        let mut del = tx
            .prepare_cached("DELETE FROM records WHERE kind = ?1 AND key = ?2")
            .map_err(err)?;
        let mut events = crate::events::EventWriter::new(&tx, to_post, provisional, floor)?;
        for prepared in &mut piped.prepared {
            if let Some(ready) = prepared.events.take() {
                events.insert_prepared(ready)?;
            }
        }
        // The events that writes carry are taken last: their requests complete them while the
        // rest of the batch is written, so the writer rarely waits for one.
        let mut carried = Vec::new();
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
                            Change::Event(pending) => carried.push(pending),
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
                            events.replace(e.clone())?;
                        } else {
                            events.insert(e.clone())?;
                        }
                    }
                }
                Job::Prune { .. } | Job::Prepared | Job::FlushPostings(_) => {}
            }
        }
        // INVARIANT (event-with-write): in this write's transaction.
        for pending in carried {
            let mut inserted = Ok(());
            pending.take_with(COMPLETION_WAIT, |e, provisional| {
                if inserted.is_ok() {
                    inserted = if provisional {
                        events.insert_provisional(e.clone())
                    } else {
                        events.insert_copied(e)
                    };
                }
            });
            inserted?;
        }
        let last_seq = events.last_seq();
        events.finish()?;
        last_seq
    };
    tx.commit().map_err(err)?;
    Ok(last_seq)
}

impl SqliteStore {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits until every event committed or queued before this call is posted: its postings
    /// written to the postings' database (lookups never wait for this; tests and the
    /// `events_at_scale` example measure lookups through the postings alone).
    pub fn flush_postings(&self) -> Ack {
        let (tx, rx) = oneshot::channel();
        if let Err(mpsc::SendError(Job::FlushPostings(ack))) =
            self.jobs.send(Job::FlushPostings(tx))
        {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        self.writer.unpark();
        rx
    }

    /// Tests: the indexer takes nothing while `paused` (as if it never had the CPU).
    #[cfg(test)]
    pub(crate) fn pause_indexer(&self, paused: bool) {
        self.feed.queue.lock().paused = paused;
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
        self.writer.unpark();
        rx
    }

    /// Takes the whole queue, prepares it on this thread and hands it to the writer.
    fn prepare_queue(&self) {
        // Another request is at it already.
        let Some(mut buffer) = self.pipe.taking.try_lock() else {
            return;
        };
        let Some(prepared) = self.pipe.take_queue(&mut buffer) else {
            return;
        };
        self.pipe.ready.lock().push(prepared);
        let _ = self.jobs.send(Job::Prepared);
        self.writer.unpark();
    }

    /// Counts `n` more queued events; past `QUEUED_EVENTS_BOUND`, an acknowledgement for the
    /// caller to await (and its sender, for the job).
    #[allow(clippy::type_complexity)]
    fn backpressure(
        &self,
        n: usize,
    ) -> (Option<oneshot::Sender<Result<(), StoreError>>>, Option<Ack>) {
        if self.queued.fetch_add(n, Ordering::AcqRel) >= QUEUED_EVENTS_BOUND {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        }
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

    /// One read transaction over `records`, each row handed on as it is stepped (no `Vec` of
    /// every record; `ORDER BY` is the primary key's order, so accounts come before the
    /// entities that name them and the scan needs no sort).
    fn load_each(
        &self,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        prefetch(&self.path);
        let conn = open_connection(&self.path)?;
        let mut stmt = conn
            .prepare("SELECT kind, key, value FROM records ORDER BY kind, key")
            .map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            visit(Record {
                kind: row.get(0).map_err(err)?,
                key: row.get(1).map_err(err)?,
                value: row.get(2).map_err(err)?,
            })?;
        }
        Ok(())
    }

    /// Queues the write for the writer, and wakes it — unless the write carries its request's
    /// event and the request has not completed it yet: the writer is then woken once it has
    /// (`PendingEvent::wake_when_complete`). Woken now, it would begin the transaction and sleep
    /// again until the request completes the event (`PendingEvent::take`), and the request
    /// would wake it a second time: two sleeps and wake-ups of the writer per durable write
    /// instead of one, each a system call and, on a VM, an interrupt to the other CPU.
    fn submit(&self, changes: Vec<Change>) -> Ack {
        let (tx, rx) = oneshot::channel();
        let event = changes.iter().find_map(|c| match c {
            Change::Event(pending) => Some(pending.clone()),
            _ => None,
        });
        if let Err(mpsc::SendError(job)) = self.jobs.send(Job::Write(changes, tx))
            && let Job::Write(_, ack) = job
        {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        // After the send: a request that completes its event meanwhile finds the job queued.
        let woken_later = event.is_some_and(|e| e.wake_when_complete(self.writer.clone()));
        if !woken_later {
            self.writer.unpark();
        }
        rx
    }

    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack> {
        if events.is_empty() {
            return None;
        }
        let n = events.len();
        let (ack, wait) = self.backpressure(n);
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
        self.writer.unpark();
        wait
    }

    /// `append_draft`.
    fn append_completed(&self, event: Arc<CompletedEvent>) -> Option<Ack> {
        self.append_draft(&event.draft, event.time_ms)
    }

    /// Renders the event here, on the request's thread, and queues its records encoded: what
    /// the writer receives is bytes in the queue's one buffer (`events::queue_event`).
    fn append_draft(&self, draft: &EventDraft, time_ms: i64) -> Option<Ack> {
        let n = draft.record_count();
        if n == 0 {
            return None;
        }
        let (ack, wait) = self.backpressure(n);
        let mut first = false;
        let mut help = false;
        // Each record captured into this thread's buffer, then copied into the queue under its
        // lock (the copy only: no two request threads wait for each other's capturing).
        draft.render(time_ms, RecordForm::Capture, |record| {
            let (first_of_window, past_help) = self.pipe.queue_record(&record);
            first |= first_of_window;
            help |= past_help;
        });
        let held_back = ack.is_some();
        if let Some(ack) = ack {
            self.pipe.queue.lock().acks.push(ack);
        }
        if help {
            // The preparer has not had the CPU for many windows: this request prepares the
            // queue itself.
            self.prepare_queue();
            return wait;
        }
        // The first event of a window wakes the preparer; later ones wait for it, as does a
        // caller held back (who wakes it at once).
        if (first || held_back)
            && let Some(preparer) = &self.preparer
        {
            preparer.thread().unpark();
        }
        wait
    }

    /// Captures: rendered as JSON when read (`events::encode_body`).
    fn record_form(&self) -> RecordForm {
        RecordForm::Capture
    }

    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let mut reader = self.reader.lock();
        if reader.is_none() {
            let conn = open_connection(&self.path)?;
            crate::events::attach_postings(&conn, &self.path)?;
            *reader = Some(conn);
        }
        let conn = reader
            .as_ref()
            .ok_or_else(|| StoreError("no reader".into()))?;
        let reposts = self.feed.queue.lock().reposts.clone();
        // One snapshot for the postings, rows and blocks it reads in turn: retention may
        // delete an event and its block between two statements.
        let snapshot = conn.unchecked_transaction().map_err(err)?;
        crate::events::lookup(&snapshot, query, &reposts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::audit::{EventCursor, EventResource, LookupAttribute, PendingEvent};

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
            capture: Vec::new(),
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

    pub(super) fn query(account: &str, attribute: Option<LookupAttribute>) -> EventQuery {
        EventQuery {
            account_id: account.into(),
            attribute,
            start_ms: i64::MIN,
            end_ms: i64::MAX,
            after: None,
            limit: 50,
        }
    }

    /// Another handle writing to the same file (only tests open two; `iamd serve` locks its
    /// data directory) takes no `seq` from this one: each transaction reads the next under its
    /// write lock. (A remembered next `seq` once went stale here and overflowed the writer's
    /// stack.)
    #[tokio::test]
    async fn a_stale_next_seq_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let first = SqliteStore::open(&path).unwrap();
        let second = SqliteStore::open(&path).unwrap();
        let write = |store: &SqliteStore, id: &str| {
            store.submit(vec![
                Change::Put {
                    kind: "user",
                    key: id.into(),
                    value: b"{}".to_vec(),
                },
                Change::Event(PendingEvent::complete(vec![event(
                    id,
                    "111",
                    1_000,
                    "CreateUser",
                )])),
            ])
        };
        write(&first, "a").await.unwrap().unwrap();
        write(&second, "b").await.unwrap().unwrap();
        // `first` remembers the seq `second` has just taken.
        write(&first, "c").await.unwrap().unwrap();
        write(&second, "d").await.unwrap().unwrap();
        let reader = crate::reader::EventReader::open(&path).unwrap();
        let mut ids: Vec<String> = reader
            .full_events(0, 100)
            .unwrap()
            .into_iter()
            .map(|e| e.record.event_id)
            .collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c", "d"]);
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

    /// Events of requests that wrote nothing are rendered and encoded by the request thread
    /// (`append_completed`) and committed by the writer from its queue: each found by every
    /// attribute it has, with the record its draft renders, in both accounts of a
    /// cross-account call; what is queued when the store closes is committed before it closes.
    #[tokio::test]
    async fn completed_events_are_queued_encoded_and_committed() {
        use iam_core::audit::{CompletedEvent, EventDraft, UserIdentity};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let completed = |id: &str, other: Option<&str>| {
            let mut draft = EventDraft::new(id, 5_000);
            draft.account_id = Some("111".into());
            draft.event_name = "GetUser".into();
            draft.event_source = "iam.amazonaws.com".into();
            draft.identity = UserIdentity::unknown(Some("AKIAQUEUED"), Some("111"));
            draft.resources = vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: format!("user-{id}"),
            }];
            draft.other_account =
                other.map(|a| (a.to_string(), UserIdentity::unknown(None, Some(a))));
            Arc::new(CompletedEvent {
                draft,
                time_ms: 6_000,
            })
        };
        let (a, b) = (completed("a", None), completed("b", Some("222")));
        let expected = [a.records(), b.records()].concat();
        assert_eq!(expected.len(), 3);
        {
            let store = SqliteStore::open(&path).unwrap();
            assert!(store.append_completed(a.clone()).is_none());
            store.submit(Vec::new()).await.unwrap().unwrap();
            let by_resource = query("111", Some(LookupAttribute::ResourceName("user-a".into())));
            let found = store.lookup_events(&by_resource).unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].record, expected[0]);
            // Closed right after: the queue is committed before the store is gone.
            assert!(store.append_completed(b.clone()).is_none());
        }
        let store = SqliteStore::open(&path).unwrap();
        for (account, attribute, n) in [
            ("111", None, 2),
            (
                "111",
                Some(LookupAttribute::AccessKeyId("AKIAQUEUED".into())),
                2,
            ),
            (
                "111",
                Some(LookupAttribute::ResourceType("AWS::IAM::User".into())),
                2,
            ),
            ("111", Some(LookupAttribute::EventName("GetUser".into())), 2),
            ("111", Some(LookupAttribute::ReadOnly(true)), 2),
            ("222", None, 1),
            (
                "222",
                Some(LookupAttribute::ResourceName("user-b".into())),
                1,
            ),
            ("333", None, 0),
        ] {
            let found = store
                .lookup_events(&query(account, attribute.clone()))
                .unwrap();
            assert_eq!(found.len(), n, "{account} {attribute:?}");
        }
        let by_id = query(
            "222",
            Some(LookupAttribute::EventId(expected[2].event_id.clone())),
        );
        let found = store.lookup_events(&by_id).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, expected[2]);
        let newest = store.lookup_events(&query("111", None)).unwrap();
        assert_eq!(newest[0].record, expected[1]);
    }

    /// The records a write carries are captures (`record_form`): stored with the write, they
    /// read back — after a restart too — as the JSON the draft renders, each copy of a
    /// cross-account event in its account.
    #[tokio::test]
    async fn a_writes_captured_records_read_back_as_their_json() {
        use iam_core::audit::{EventDraft, PendingEvent, RecordForm, UserIdentity};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let mut draft = EventDraft::new("request-w", 7_000);
        draft.account_id = Some("111".into());
        draft.event_name = "AssumeRole".into();
        draft.event_source = "sts.amazonaws.com".into();
        draft.read_only = false;
        draft.identity = UserIdentity::unknown(Some("AKIAWRITER"), Some("111"));
        draft.request_parameters = serde_json::json!({"roleSessionName": "s \"1\""});
        draft.other_account = Some(("222".into(), UserIdentity::unknown(None, Some("111"))));
        let expected = draft.records(7_500);
        {
            let store = SqliteStore::open(&path).unwrap();
            assert_eq!(store.record_form(), RecordForm::Capture);
            let captured = draft.records_in(7_500, store.record_form());
            assert!(
                captured
                    .iter()
                    .all(|r| r.json.is_empty() && !r.capture.is_empty())
            );
            store
                .submit(vec![Change::Event(PendingEvent::complete(captured))])
                .await
                .unwrap()
                .unwrap();
            // A barrier, as before every LookupEvents: the event is read from the log.
            store.submit(Vec::new()).await.unwrap().unwrap();
            let found = store.lookup_events(&query("111", None)).unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].record, expected[0]);
        }
        let store = SqliteStore::open(&path).unwrap();
        for (account, record) in [("111", &expected[0]), ("222", &expected[1])] {
            let found = store.lookup_events(&query(account, None)).unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(&found[0].record, record);
            let v: serde_json::Value = serde_json::from_str(&found[0].record.json).unwrap();
            assert_eq!(v["requestParameters"]["roleSessionName"], "s \"1\"");
            assert_eq!(v["recipientAccountId"], account);
        }
    }
}

#[cfg(test)]
mod prepared {
    use super::tests::query;
    use super::*;
    use iam_core::audit::{
        CompletedEvent, EventDraft, EventResource, LookupAttribute, PendingEvent, UserIdentity,
    };

    fn completed(i: usize, time_ms: i64) -> Arc<CompletedEvent> {
        let mut draft = EventDraft::new(&format!("request-{i}"), time_ms);
        draft.account_id = Some("111".into());
        draft.event_name = if i.is_multiple_of(2) {
            "GetUser"
        } else {
            "ListUsers"
        }
        .into();
        draft.event_source = "iam.amazonaws.com".into();
        draft.identity = UserIdentity::unknown(Some("AKIAPREPARED"), Some("111"));
        draft.resources = vec![EventResource {
            resource_type: "AWS::IAM::User".into(),
            resource_name: format!("user-{}", i % 5),
        }];
        Arc::new(CompletedEvent { draft, time_ms })
    }

    /// Requests that outrun a preparer without the CPU prepare the queue themselves: with no
    /// preparer at all, each `HELP_AT` events reach the store without a barrier, the rest with
    /// the next one.
    #[tokio::test]
    async fn requests_prepare_the_queue_when_the_preparer_is_starved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let store = SqliteStore::open_with(&path, false).unwrap();
        let n = 2 * HELP_AT + 5;
        for i in 0..n {
            assert!(
                store
                    .append_completed(completed(i, 1_000 + i as i64))
                    .is_none()
            );
        }
        let reader = open_connection(&path).unwrap();
        eventually("never committed", || {
            crate::events::max_seq(&reader).unwrap() >= (2 * HELP_AT) as i64
        });
        assert_eq!(
            crate::events::max_seq(&reader).unwrap(),
            (2 * HELP_AT) as i64
        );
        store.submit(Vec::new()).await.unwrap().unwrap();
        assert_eq!(crate::events::max_seq(&reader).unwrap(), n as i64);
        let mut all = query("111", None);
        all.limit = n;
        let found = store.lookup_events(&all).unwrap();
        assert_eq!(found.len(), n);
        assert_eq!(store.queued.load(Ordering::Acquire), 0);
    }

    /// Waits until `done` (what the store's threads do in their own time), 30 s at most.
    fn eventually(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "{what}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Queues event `i` as `append_completed` does; returns its entry.
    fn queue_one(pipe: &EventPipe, i: usize) -> Vec<u8> {
        let event = completed(i, 1_000 + i as i64);
        let mut entry = Vec::new();
        event
            .draft
            .render(event.time_ms, RecordForm::Capture, |record| {
                crate::events::queue_event(&mut entry, &record);
                pipe.queue_record(&record);
            });
        entry
    }

    /// A preparer that lost the CPU while preparing holds nothing up: whoever takes the queue
    /// whole meanwhile (a barrier, a request past `HELP_AT`) has every event queued, and the
    /// preparer's batch is void; a copy nobody overtook removes from the queue exactly what
    /// it copied, and a barrier takes the batches made ready before what is still queued.
    #[test]
    fn a_preparers_copy_is_void_once_the_queue_is_taken() {
        let pipe = EventPipe::default();
        for i in 0..3 {
            queue_one(&pipe, i);
        }
        let mut copy = Vec::new();
        let stale = pipe.copy(&mut copy);
        queue_one(&pipe, 3);
        let mut ready = Vec::new();
        let whole = pipe.take_all(&mut ready, &mut Vec::new()).unwrap();
        assert!(ready.is_empty());
        assert_eq!(whole.count, 4);
        assert!(!pipe.publish(stale, Prepared::of(&copy, Vec::new())));
        assert!(pipe.ready.lock().is_empty());
        assert_eq!(pipe.queue.lock().events, 0);
        assert!(pipe.take_all(&mut ready, &mut Vec::new()).is_none());

        queue_one(&pipe, 4);
        queue_one(&pipe, 5);
        let fresh = pipe.copy(&mut copy);
        let after = queue_one(&pipe, 6);
        assert!(pipe.publish(fresh, Prepared::of(&copy, Vec::new())));
        assert_eq!(pipe.ready.lock()[0].count, 2);
        {
            let queue = pipe.queue.lock();
            assert_eq!(queue.events, 1);
            assert_eq!(queue.bytes, after, "what was queued after the copy, whole");
        }
        let rest = pipe.take_all(&mut ready, &mut Vec::new()).unwrap();
        assert_eq!(ready.len(), 1, "the batch made ready first");
        assert_eq!(ready[0].count, 2);
        assert_eq!(rest.count, 1);
        assert!(pipe.queue.lock().bytes.is_empty());
    }

    /// Events the preparer thread made ready (blocks compressed and postings listed off the
    /// writer, by their place in the batch) are stored at the writer's next `seq`s: 300 events
    /// over several windows and blocks, between two writes' events, each found in its place
    /// by every lookup and its record read back as rendered.
    #[tokio::test]
    async fn prepared_batches_take_the_next_seqs_and_postings() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("iamd.db")).unwrap();
        let write = |id: &str, time_ms: i64| {
            let mut e = EventRecord {
                capture: Vec::new(),
                event_id: id.into(),
                account_id: "111".into(),
                time_ms,
                event_name: "CreateUser".into(),
                event_source: "iam.amazonaws.com".into(),
                read_only: false,
                username: None,
                access_key_id: Some("AKIAPREPARED".into()),
                resources: Vec::new(),
                json: String::new(),
            };
            e.json = format!("{{\"eventID\":\"{id}\"}}");
            store.submit(vec![Change::Event(PendingEvent::complete(vec![e]))])
        };
        write("w1", 1_000).await.unwrap().unwrap();
        let mut expected = Vec::new();
        for window in 0..3 {
            for i in window * 100..(window + 1) * 100 {
                let event = completed(i, 2_000 + i as i64);
                expected.push(event.records().remove(0));
                assert!(store.append_completed(event).is_none());
            }
            // The batch goes through the preparer, not through a barrier: committed before the
            // next (however long the nice-19 thread waits for a busy CPU).
            eventually("never prepared", || {
                store.queued.load(Ordering::Acquire) == 0
            });
        }
        write("w2", 9_000).await.unwrap().unwrap();
        store.submit(Vec::new()).await.unwrap().unwrap();
        let all = store.lookup_events(&query("111", None)).unwrap();
        let ids: Vec<&str> = all.iter().map(|e| e.record.event_id.as_str()).collect();
        let mut want: Vec<&str> = expected.iter().rev().map(|e| e.event_id.as_str()).collect();
        want.insert(0, "w2");
        want.push("w1");
        assert_eq!(ids.len(), 50, "a page");
        assert_eq!(ids, want[..50]);
        // Every event's seq follows the one before it (newest first).
        assert!(all.windows(2).all(|w| w[0].seq == w[1].seq + 1));
        let mut by_resource = query("111", Some(LookupAttribute::ResourceName("user-3".into())));
        by_resource.limit = 100;
        let found = store.lookup_events(&by_resource).unwrap();
        assert_eq!(found.len(), 60);
        assert!(
            found
                .iter()
                .all(|e| e.record.resources[0].resource_name == "user-3")
        );
        let mut by_name = query("111", Some(LookupAttribute::EventName("ListUsers".into())));
        by_name.limit = 1_000;
        assert_eq!(store.lookup_events(&by_name).unwrap().len(), 150);
        let mut by_key = query(
            "111",
            Some(LookupAttribute::AccessKeyId("AKIAPREPARED".into())),
        );
        by_key.limit = 1_000;
        assert_eq!(store.lookup_events(&by_key).unwrap().len(), 302);
        let one = &expected[123];
        let by_id = query("111", Some(LookupAttribute::EventId(one.event_id.clone())));
        let found = store.lookup_events(&by_id).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(&found[0].record, one);
    }
}

#[cfg(test)]
mod plans {
    use super::*;

    /// A lookup walks its posting list through the postings' primary key, newest first, with
    /// no table scan and no sort, whatever the time range (`EXPLAIN QUERY PLAN`); an event is
    /// then read by its `seq` (the rowid).
    #[test]
    fn lookups_search_the_postings_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let conn = open_connection(&path).unwrap();
        drop(crate::events::postings_connection(&path).unwrap());
        crate::events::attach_postings(&conn, &path).unwrap();
        let mut stmt = conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                crate::events::POSTINGS_SQL
            ))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(params![7, 1_000, "111", 1, "GetUser"], |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" / ");
        assert!(
            plan.contains("SEARCH event_postings USING PRIMARY KEY"),
            "{plan}"
        );
        assert!(!plan.contains("FOR ORDER BY"), "{plan}");
        assert!(!plan.contains("SCAN"), "{plan}");
    }
}

#[cfg(test)]
mod upgrade {
    use super::*;
    use iam_core::audit::{EventQuery, LookupAttribute};

    /// A database written before postings (seven indexes, `event_resources`) opens with its
    /// events found by every attribute, resources included.
    #[tokio::test]
    async fn events_stored_before_postings_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL,
                   account TEXT NOT NULL, time_ms INTEGER NOT NULL, event_name TEXT NOT NULL,
                   event_source TEXT NOT NULL, read_only INTEGER NOT NULL, username TEXT,
                   access_key_id TEXT, record TEXT NOT NULL);
                 CREATE UNIQUE INDEX events_by_id ON events (event_id, account);
                 CREATE INDEX events_by_time ON events (account, time_ms, seq);
                 CREATE TABLE event_resources (seq INTEGER NOT NULL, account TEXT NOT NULL,
                   time_ms INTEGER NOT NULL, resource_type TEXT NOT NULL,
                   resource_name TEXT NOT NULL);
                 INSERT INTO events VALUES
                   (1, 'a', '111', 1000, 'CreateUser', 'iam.amazonaws.com', 0, 'root', NULL, '{}'),
                   (2, 'b', '111', 2000, 'GetUser', 'iam.amazonaws.com', 1, 'alice', 'AKIA1', '{}');
                 INSERT INTO event_resources VALUES
                   (1, '111', 1000, 'AWS::IAM::User', 'alice'),
                   (2, '111', 2000, 'AWS::IAM::User', 'alice');",
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        let ids = |a: Option<LookupAttribute>| -> Vec<String> {
            store
                .lookup_events(&EventQuery {
                    account_id: "111".into(),
                    attribute: a,
                    start_ms: 0,
                    end_ms: i64::MAX,
                    after: None,
                    limit: 50,
                })
                .unwrap()
                .into_iter()
                .map(|e| e.record.event_id)
                .collect()
        };
        assert_eq!(ids(None), ["b", "a"]);
        assert_eq!(
            ids(Some(LookupAttribute::ResourceName("alice".into()))),
            ["b", "a"]
        );
        assert_eq!(ids(Some(LookupAttribute::Username("alice".into()))), ["b"]);
        assert_eq!(ids(Some(LookupAttribute::ReadOnly(false))), ["a"]);
        assert_eq!(ids(Some(LookupAttribute::EventId("a".into()))), ["a"]);
        let found = store
            .lookup_events(&EventQuery {
                account_id: "111".into(),
                attribute: Some(LookupAttribute::AccessKeyId("AKIA1".into())),
                start_ms: 0,
                end_ms: i64::MAX,
                after: None,
                limit: 50,
            })
            .unwrap();
        assert_eq!(found[0].record.resources[0].resource_name, "alice");
    }
}
