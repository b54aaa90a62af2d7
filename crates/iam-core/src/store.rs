//! The one storage abstraction. The domain keeps its working set in memory (so lookups do not
//! slow down as accounts grow) and hands every mutation to a `Store` as an ordered batch of
//! record changes; a response is sent only after the store reports the batch durable.
use tokio::sync::oneshot;

/// One record change. Records are (kind, key) → serialized entity bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

#[derive(Debug, Clone)]
pub struct Record {
    pub kind: String,
    pub key: String,
    pub value: Vec<u8>,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("store failure: {0}")]
pub struct StoreError(pub String);

pub type Ack = oneshot::Receiver<Result<(), StoreError>>;

pub trait Store: Send + Sync + 'static {
    /// Every record, read once at start-up.
    fn load_all(&self) -> Result<Vec<Record>, StoreError>;
    /// Queues a batch. INVARIANT (ordered-commit): batches become durable in submission order,
    /// and the returned receiver resolves only once this batch is durable (fsync'd).
    fn submit(&self, changes: Vec<Change>) -> Ack;
}

/// A non-durable store for unit tests.
#[derive(Default)]
pub struct MemoryStore {
    records: parking_lot::Mutex<std::collections::BTreeMap<(String, String), Vec<u8>>>,
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
        for change in changes {
            match change {
                Change::Put { kind, key, value } => {
                    records.insert((kind.to_string(), key), value);
                }
                Change::Delete { kind, key } => {
                    records.remove(&(kind.to_string(), key));
                }
                Change::DeleteAll => records.clear(),
            }
        }
        let (tx, rx) = oneshot::channel();
        let _ = tx.send(Ok(()));
        rx
    }
}
