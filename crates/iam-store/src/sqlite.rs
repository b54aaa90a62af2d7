//! The SQLite store with group commit (see NOTES: one fsync per commit, ~3 ms here, so durable
//! writes at speed need batching).
use iam_core::store::{Ack, Change, Record, Store, StoreError};
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::mpsc;
use tokio::sync::oneshot;

type Job = (Vec<Change>, oneshot::Sender<Result<(), StoreError>>);

pub struct SqliteStore {
    path: std::path::PathBuf,
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(err)?;
    // WAL + FULL: a COMMIT returns only after the WAL is fsync'd, so an acknowledged write
    // survives kill -9 and power loss.
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         PRAGMA synchronous=FULL;
         PRAGMA busy_timeout=5000;
         CREATE TABLE IF NOT EXISTS records (
             kind TEXT NOT NULL,
             key TEXT NOT NULL,
             value BLOB NOT NULL,
             PRIMARY KEY (kind, key)
         ) WITHOUT ROWID;",
    )
    .map_err(err)?;
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
        std::thread::Builder::new()
            .name("iamd-store-writer".into())
            .spawn(move || writer(conn, rx))
            .map_err(|e| StoreError(e.to_string()))?;
        Ok(Self { path, jobs: tx })
    }
}

/// The single writer: takes every job queued right now, commits them in one transaction, in
/// queue order, then acknowledges each.
fn writer(mut conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
            if batch.len() >= 1024 {
                break;
            }
        }
        let result = commit(&mut conn, &batch);
        for (_, ack) in batch {
            let _ = ack.send(result.clone());
        }
    }
}

fn commit(conn: &mut Connection, batch: &[Job]) -> Result<(), StoreError> {
    let tx = conn.transaction().map_err(err)?;
    {
        let mut put = tx
            .prepare_cached("INSERT OR REPLACE INTO records (kind, key, value) VALUES (?1, ?2, ?3)")
            .map_err(err)?;
        let mut del = tx
            .prepare_cached("DELETE FROM records WHERE kind = ?1 AND key = ?2")
            .map_err(err)?;
        for (changes, _) in batch {
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
                }
            }
        }
    }
    tx.commit().map_err(err)
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
        if let Err(mpsc::SendError((_, ack))) = self.jobs.send((changes, tx)) {
            let _ = ack.send(Err(StoreError("store writer stopped".into())));
        }
        rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
