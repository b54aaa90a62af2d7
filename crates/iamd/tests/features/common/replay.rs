//! Incremental catch-up checked by every test (issue #14): the server's store is wrapped in a
//! `Recording` that keeps each batch of record changes it commits; when the test ends, a
//! follower loaded at several earlier batches applies the changes since (as a node on a shared
//! PostgreSQL database does, `State::apply_changes`) and must equal the state the store
//! reloads: persisted entities and derived indexes. Every handler of every feature is so a
//! case of the property `cargo test -p iam-core state::apply` checks on random records.
use iam_core::audit::{CompletedEvent, EventQuery, EventRecord, StoredEvent};
use iam_core::secrets::MasterKey;
use iam_core::store::{Ack, Change, Record, Store, StoreError};
use std::collections::BTreeMap;
use std::sync::Arc;

type Records = BTreeMap<(String, String), Vec<u8>>;

/// A store that records the record changes of every batch it is given.
pub struct Recording<S> {
    inner: S,
    /// The records when it was opened, and each batch since (events left out).
    initial: std::sync::Mutex<Option<Records>>,
    batches: std::sync::Mutex<Vec<Vec<Change>>>,
}

impl<S: Store> Recording<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            initial: std::sync::Mutex::new(None),
            batches: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Replays the recorded batches from several starting points and compares each follower
    /// with `reloaded` (the state the store loads now). Panics with the difference.
    pub fn assert_incremental_replay(&self, reloaded: &iam_core::Iam, master: &MasterKey) {
        let Some(initial) = self.initial.lock().unwrap().clone() else {
            return;
        };
        let batches = self.batches.lock().unwrap().clone();
        if let Err(e) = reloaded.read(|state| {
            iam_core::state::check_incremental_replay(&initial, &batches, state, master)
        }) {
            panic!("{e}");
        }
    }
}

impl<S: Store> Store for Recording<S> {
    fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        self.inner.load_all()
    }
    fn load_each(
        &self,
        visit: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut initial = Records::new();
        self.inner.load_each(&mut |r| {
            initial.insert((r.kind.clone(), r.key.clone()), r.value.clone());
            visit(r)
        })?;
        *self.initial.lock().unwrap() = Some(initial);
        Ok(())
    }
    fn submit(&self, changes: Vec<Change>) -> Ack {
        // Recorded in submission order (the store's commit order: INVARIANT (ordered-commit)).
        let mut batches = self.batches.lock().unwrap();
        let recorded: Vec<Change> = changes
            .iter()
            .filter(|c| !matches!(c, Change::Event(_)))
            .cloned()
            .collect();
        if !recorded.is_empty() {
            batches.push(recorded);
        }
        self.inner.submit(changes)
    }
    fn append_events(&self, events: Vec<EventRecord>, replace: bool) -> Option<Ack> {
        self.inner.append_events(events, replace)
    }
    fn append_completed(&self, event: Arc<CompletedEvent>) -> Option<Ack> {
        self.inner.append_completed(event)
    }
    fn lookup_events(&self, query: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        self.inner.lookup_events(query)
    }
}
