//! The one storage abstraction. The domain keeps its working set in memory (so lookups do not
//! slow down as accounts grow) and hands every mutation to a `Store` as an ordered batch of
//! record changes; a response is sent only after the store reports the batch durable.
use crate::audit::{CompletedEvent, EventQuery, EventRecord, PendingEvent, StoredEvent};
use std::sync::Arc;
use tokio::sync::oneshot;

/// One record change. Records are (kind, key) → serialized entity bytes.
#[derive(Debug, Clone)]
pub enum Change {
    Put {
        kind: &'static str,
        key: String,
        value: Vec<u8>,
    },
    Delete {
        kind: &'static str,
        key: String,
    },
    /// Removes every record (open mode's `/moto-api/reset`).
    DeleteAll,
    /// The audit event of the request that made this batch's changes, committed in the same
    /// transaction (INVARIANT (event-with-write)): the store takes its records when it commits.
    Event(Arc<PendingEvent>),
}

#[derive(Debug, Clone)]
pub struct Record {
    pub kind: String,
    pub key: String,
    pub value: Vec<u8>,
}

/// What other nodes changed in a shared store after a change sequence (`Store::changes_since`):
/// the records put since (each with its newest value) and those deleted since (each with the
/// last value it had, so the working set can find what it named), as of change `head`.
/// Applied by `State::apply_changes` (`Iam::catch_up`), record by record.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    pub head: i64,
    pub puts: Vec<Record>,
    pub deletes: Vec<Record>,
}

impl ChangeSet {
    /// The change set of `batches`, committed in this order after a state whose records were
    /// `before` (tests and test stores: a shared store reads it from its tables). `None` when a
    /// batch removes every record (`Change::DeleteAll`): only a full reload is right then.
    pub fn of_batches<'a>(
        before: &std::collections::BTreeMap<(String, String), Vec<u8>>,
        batches: impl IntoIterator<Item = &'a [Change]>,
        head: i64,
    ) -> Option<ChangeSet> {
        use std::collections::BTreeMap;
        // (kind, key) → its value now (`None`: deleted), and its last value before deletion.
        let mut now: BTreeMap<(String, String), Option<Vec<u8>>> = BTreeMap::new();
        let mut last: BTreeMap<(String, String), Vec<u8>> = BTreeMap::new();
        for batch in batches {
            for c in batch {
                match c {
                    Change::Put { kind, key, value } => {
                        now.insert((kind.to_string(), key.clone()), Some(value.clone()));
                    }
                    Change::Delete { kind, key } => {
                        let k = (kind.to_string(), key.clone());
                        let value = match now.get(&k) {
                            Some(Some(v)) => Some(v.clone()),
                            Some(None) => None,
                            None => before.get(&k).cloned(),
                        };
                        if let Some(v) = value {
                            last.insert(k.clone(), v);
                        }
                        now.insert(k, None);
                    }
                    Change::DeleteAll => return None,
                    Change::Event(_) => {}
                }
            }
        }
        let mut set = ChangeSet {
            head,
            ..ChangeSet::default()
        };
        for ((kind, key), value) in now {
            match value {
                Some(value) => set.puts.push(Record { kind, key, value }),
                None => {
                    if let Some(value) = last.remove(&(kind.clone(), key.clone())) {
                        set.deletes.push(Record { kind, key, value });
                    }
                }
            }
        }
        Some(set)
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("store failure: {0}")]
pub struct StoreError(pub String);

pub type Ack = oneshot::Receiver<Result<(), StoreError>>;

/// A future a store returns (object-safe trait methods).
pub type StoreFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A node's turn to write on a store several nodes share (`Store::write_turn`): while any turn
/// is held, this node holds the cluster's write lock, so no other node commits. Dropped once the
/// write's batch is submitted (its commit keeps submission order).
pub struct WriteTurn {
    /// The newest change sequence committed (by any node) when this node took the lock: the
    /// working set must hold every change up to it before the write runs (`Store::applied`).
    pub head: i64,
    _held: Option<Box<dyn Send + Sync>>,
}

impl WriteTurn {
    /// The turn of a store one process owns: always its turn, nothing to catch up.
    pub fn solo() -> Self {
        Self {
            head: 0,
            _held: None,
        }
    }

    /// A turn that lasts as long as `held` (a shared store's lease).
    pub fn held(head: i64, held: Box<dyn Send + Sync>) -> Self {
        Self {
            head,
            _held: Some(held),
        }
    }
}

pub trait Store: Send + Sync + 'static {
    /// Every record (tests and tools; start-up reads them with `load_each`).
    fn load_all(&self) -> Result<Vec<Record>, StoreError>;
    /// Every record, read once at start-up, each handed to `visit` as soon as it is read, in
    /// any order: the working set decodes it and drops its bytes before the next one, so a
    /// start never holds every record at once (at a million users the records alone are
    /// ~300 MB). A store with many records overrides this with a cursor; the default reads
    /// `load_all`. An `Err` from `visit` ends the load with that error.
    fn load_each(
        &self,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for r in self.load_all()? {
            visit(r)?;
        }
        Ok(())
    }
    /// Queues a batch. INVARIANT (ordered-commit): batches become durable in submission order,
    /// and the returned receiver resolves only once this batch is durable (fsync'd).
    fn submit(&self, changes: Vec<Change>) -> Ack;
    /// Queues audit events that describe no change (reads, refusals, failures): committed with
    /// the store's next group commit, so a crash loses at most the events of the last window.
    /// `replace`: the events replace stored copies with the same (event ID, account) (a
    /// write's event committed before its request completed it). The queue is bounded: past
    /// its bound the caller gets an acknowledgement to await (backpressure, never loss).
    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack>;
    /// Queues a request's completed event that describes no change, like `append_events`; the
    /// store renders its records when it writes them (off the request path).
    fn append_completed(&self, event: Arc<CompletedEvent>) -> Option<Ack> {
        self.append_events(event.records(), false)
    }
    /// Queues a request's event that describes no change, completed at `time_ms`, from its
    /// draft in place: what a store whose `record_form` is `Capture` is handed (it captures the
    /// records at once, so the draft need not be moved into a `CompletedEvent`).
    fn append_draft(&self, draft: &crate::audit::EventDraft, time_ms: i64) -> Option<Ack> {
        self.append_events(draft.records(time_ms), false)
    }
    /// The form of the records a request hands over with its write (`Change::Event`) or to
    /// `append_events`: their JSON, or — for a store that renders records when they are read —
    /// their capture (`audit::RecordForm`).
    fn record_form(&self) -> crate::audit::RecordForm {
        crate::audit::RecordForm::Json
    }
    /// One page of an account's events, newest first (`EventQuery`). Sees every event whose
    /// batch committed; `Iam::lookup_events` first waits for those queued before it.
    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError>;

    /// Several nodes on one database (PostgreSQL): waits for this node's turn to write — the
    /// cluster's write lock taken — and says which change sequence the working set must hold
    /// first (`WriteTurn::head`). INVARIANT (cluster-serial-writes): a write runs against a
    /// working set holding every change committed before its turn, and commits before any
    /// other node's next write. Default: one process owns the store, always its turn.
    fn write_turn(&self) -> StoreFuture<'_, WriteTurn> {
        Box::pin(std::future::ready(Ok(WriteTurn::solo())))
    }
    /// The newest change sequence the working set holds (shared stores; 0 otherwise): set by
    /// `load_all` (the sequence of the snapshot it read) and by each commit of this node.
    fn applied(&self) -> i64 {
        0
    }
    /// Shared stores: the working set now holds what the last `load_all`, `load_each` or
    /// `changes_since` read (called once it is in place, so other nodes learn this node serves
    /// it).
    fn caught_up(&self) {}
    /// Shared stores: the records other nodes changed after change `applied`, up to the newest
    /// change (`ChangeSet::head`), read in one snapshot, for an incremental catch-up
    /// (`Iam::catch_up`). `None`: only a full reload is right (a change removed every record,
    /// the store no longer knows what changed that long ago, or too much changed). Default:
    /// `None`.
    fn changes_since(&self, applied: i64) -> Result<Option<ChangeSet>, StoreError> {
        let _ = applied;
        Ok(None)
    }
    /// Whether this node should get requests (`GET /ready`): the store answers and, on a shared
    /// store, the working set is not behind the other nodes. `Err`: why not.
    fn readiness(&self) -> Result<(), String> {
        Ok(())
    }
    /// Shared stores: a receiver of the newest change sequence any node committed (woken by
    /// LISTEN/NOTIFY, with polling behind it). `None`: no other node writes.
    fn changes(&self) -> Option<tokio::sync::watch::Receiver<i64>> {
        None
    }
}

/// A non-durable store for unit tests.
#[derive(Default)]
pub struct MemoryStore {
    /// With `recording`: every batch's record changes, in commit order (test harnesses replay
    /// them, `state::check_incremental_replay`).
    log: parking_lot::Mutex<Option<Vec<Vec<Change>>>>,
    records: parking_lot::Mutex<std::collections::BTreeMap<(String, String), Vec<u8>>>,
    /// Events in store order; a write's event is taken when it is read (nothing commits here).
    events: parking_lot::Mutex<Vec<MemoryEvent>>,
}

/// Events a `MemoryStore` keeps (about the newest): enough for any test's lookups, few enough
/// that a benchmark's millions of requests do not cycle megabytes of retained events through
/// the allocator (SqliteStore's writer drops each event once written).
const MEMORY_EVENTS: usize = 1_000;

enum MemoryEvent {
    Stored(Box<EventRecord>),
    Pending(Arc<PendingEvent>),
    Completed(Arc<CompletedEvent>),
}

impl MemoryStore {
    /// A store that keeps every batch's record changes (`batches`).
    pub fn recording() -> Self {
        Self {
            log: parking_lot::Mutex::new(Some(Vec::new())),
            ..Self::default()
        }
    }

    /// The record changes of every batch so far (events left out), with `recording`.
    pub fn batches(&self) -> Vec<Vec<Change>> {
        self.log.lock().clone().unwrap_or_default()
    }
}

impl Store for MemoryStore {
    fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .records
            .lock()
            .iter()
            .map(|((kind, key), value)| Record {
                kind: kind.clone(),
                key: key.clone(),
                value: value.clone(),
            })
            .collect())
    }

    fn submit(&self, changes: Vec<Change>) -> Ack {
        let mut records = self.records.lock();
        if let Some(log) = self.log.lock().as_mut() {
            let batch: Vec<Change> = changes
                .iter()
                .filter(|c| !matches!(c, Change::Event(_)))
                .cloned()
                .collect();
            if !batch.is_empty() {
                log.push(batch);
            }
        }
        for change in changes {
            match change {
                Change::Put { kind, key, value } => {
                    records.insert((kind.to_string(), key), value);
                }
                Change::Delete { kind, key } => {
                    records.remove(&(kind.to_string(), key));
                }
                Change::DeleteAll => records.clear(),
                Change::Event(pending) => {
                    let mut events = self.events.lock();
                    keep_newest(&mut events);
                    events.push(MemoryEvent::Pending(pending));
                }
            }
        }
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Ok(()));
        rx
    }

    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack> {
        let mut stored = self.events.lock();
        keep_newest(&mut stored);
        for e in events {
            if replace {
                stored.retain(|s| {
                    !matches!(s, MemoryEvent::Stored(r)
                        if r.event_id == e.event_id && r.account_id == e.account_id)
                });
            }
            stored.push(MemoryEvent::Stored(Box::new(e)));
        }
        None
    }

    fn append_completed(&self, event: Arc<CompletedEvent>) -> Option<Ack> {
        let mut stored = self.events.lock();
        keep_newest(&mut stored);
        stored.push(MemoryEvent::Completed(event));
        None
    }

    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let mut events = self.events.lock();
        // Pending events become stored ones once read (complete by now, or as they stand).
        let mut flat = Vec::with_capacity(events.len());
        for e in events.drain(..) {
            match e {
                MemoryEvent::Stored(r) => flat.push(*r),
                MemoryEvent::Pending(p) => flat.extend(p.take(std::time::Duration::ZERO)),
                MemoryEvent::Completed(e) => flat.extend(e.records()),
            }
        }
        let mut found: Vec<StoredEvent> = flat
            .iter()
            .enumerate()
            .map(|(i, r)| StoredEvent {
                seq: i as i64 + 1,
                record: r.clone(),
            })
            .filter(|e| query.matches(&e.record))
            .filter(|e| {
                query
                    .after
                    .is_none_or(|c| (e.record.time_ms, e.seq) < (c.time_ms, c.seq))
            })
            .collect();
        *events = flat
            .into_iter()
            .map(|r| MemoryEvent::Stored(Box::new(r)))
            .collect();
        found.sort_by_key(|e| std::cmp::Reverse((e.record.time_ms, e.seq)));
        found.truncate(query.limit);
        Ok(found)
    }
}

/// A test store keeps the newest events only, so a benchmark's millions of requests do not
/// grow it without bound.
fn keep_newest(stored: &mut Vec<MemoryEvent>) {
    if stored.len() > MEMORY_EVENTS {
        let oldest = stored.len() - MEMORY_EVENTS / 2;
        stored.drain(..oldest);
    }
}
