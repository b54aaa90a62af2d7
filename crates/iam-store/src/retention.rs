//! Retention of the audit events (`iamd serve --event-retention-days N`; default: every event
//! is kept). Events older than N days are deleted oldest first, in `seq` order, in batches of
//! at most `BATCH` — each batch one transaction of the store's writer thread, queued between
//! the requests' group commits, so a large deletion never holds the writer for long.
//!
//! What a batch deletes is a prefix of the table in `seq` order: the oldest events up to the
//! first one inside the retention period (seq and eventTime rise together, up to the seconds
//! a request may take), so each batch reads at most `BATCH` rows, whatever the table's size.
//! Never deleted:
//! - an event the CloudTrail log files have not delivered yet (`upto_seq`: the trail's
//!   cursor; on PostgreSQL also the cluster's `trail_cursor` row, read by each batch in its own
//!   transaction, whichever node runs it), so retention cannot take an event from the trail;
//! - the newest event, so `seq` keeps growing (SQLite gives a new row the largest `seq` + 1:
//!   an empty table would start again at 1 behind the trail's cursor and `iamd events
//!   --follow`).
use crate::SqliteStore;
use iam_core::store::StoreError;
use rusqlite::{Connection, params};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Events deleted per transaction at most.
pub const BATCH: usize = 500;

/// How often the retention runs (and once at start).
pub const EVERY: Duration = Duration::from_secs(3600);

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// One batch, in the writer's transaction: deletes the oldest events older than `before_ms`
/// with `seq <= upto_seq` (at most `limit`, never the newest) and their resources; returns
/// how many.
pub(crate) fn prune_batch(
    conn: &mut Connection,
    before_ms: i64,
    upto_seq: i64,
    limit: usize,
) -> Result<usize, StoreError> {
    let err = |e: rusqlite::Error| StoreError(e.to_string());
    let tx = conn.transaction().map_err(err)?;
    let newest: i64 = tx
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
        .map_err(err)?;
    let upto = upto_seq.min(newest - 1);
    let mut last = None;
    {
        let mut oldest = tx
            .prepare_cached("SELECT seq, time_ms FROM events WHERE seq <= ?1 ORDER BY seq LIMIT ?2")
            .map_err(err)?;
        let mut rows = oldest
            .query(params![upto, i64::try_from(limit).unwrap_or(i64::MAX)])
            .map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            let (seq, time_ms): (i64, i64) = (row.get(0).map_err(err)?, row.get(1).map_err(err)?);
            if time_ms >= before_ms {
                break;
            }
            last = Some(seq);
        }
    }
    let Some(last) = last else {
        return Ok(0);
    };
    let deleted = tx
        .execute("DELETE FROM events WHERE seq <= ?1", params![last])
        .map_err(err)?;
    // Postings whose every event is gone; one that also lists later events stays (a lookup
    // skips the seqs it cannot read).
    tx.execute(
        "DELETE FROM event_postings WHERE last_seq <= ?1",
        params![last],
    )
    .map_err(err)?;
    // The records' blocks no remaining event reads. A block is named by the `seq` of its first
    // event and holds at most 32 consecutive ones, so a kept event reading a block at or before
    // `last` is one of the next 32 (64: a margin).
    tx.execute(
        "DELETE FROM event_blocks WHERE id <= ?1 AND id NOT IN \
         (SELECT block FROM events WHERE seq > ?1 AND seq <= ?1 + 64 AND block IS NOT NULL)",
        params![last],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(deleted)
}

/// A store whose writer deletes events in batches (SQLite's and PostgreSQL's).
pub trait Prune: Send + Sync + 'static {
    fn prune_events(
        &self,
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
    ) -> tokio::sync::oneshot::Receiver<Result<usize, StoreError>>;
}

impl Prune for SqliteStore {
    fn prune_events(
        &self,
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
    ) -> tokio::sync::oneshot::Receiver<Result<usize, StoreError>> {
        SqliteStore::prune_events(self, before_ms, upto_seq, limit)
    }
}

impl Prune for crate::PostgresStore {
    fn prune_events(
        &self,
        before_ms: i64,
        upto_seq: i64,
        limit: usize,
    ) -> tokio::sync::oneshot::Receiver<Result<usize, StoreError>> {
        crate::PostgresStore::prune_events(self, before_ms, upto_seq, limit)
    }
}

/// Deletes every event older than `before_ms` (and not past `upto_seq`), batch after batch on
/// the store's writer; returns how many.
pub async fn prune(store: &impl Prune, before_ms: i64, upto_seq: i64) -> Result<usize, StoreError> {
    let mut total = 0;
    loop {
        let started = std::time::Instant::now();
        let deleted = match store.prune_events(before_ms, upto_seq, BATCH).await {
            Ok(result) => result?,
            Err(_) => return Err(StoreError("store writer stopped".into())),
        };
        total += deleted;
        if deleted < BATCH {
            return Ok(total);
        }
        // Room for the requests' commits between two batches: the writer spends at most
        // about half its time on retention.
        tokio::time::sleep(started.elapsed().max(Duration::from_millis(5))).await;
    }
}

/// The server's retention: at start and then every `EVERY`, deletes the events older than
/// `days` days (those the trail delivered, when `delivered` is the trail's cursor).
pub fn spawn(
    store: Arc<impl Prune>,
    days: u32,
    delivered: Option<Arc<AtomicI64>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            let now = i64::try_from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_millis(),
            )
            .unwrap_or(i64::MAX);
            let before = now.saturating_sub(i64::from(days).saturating_mul(DAY_MS));
            let upto = delivered
                .as_ref()
                .map_or(i64::MAX, |d| d.load(Ordering::Acquire));
            match prune(&*store, before, upto).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, days, "audit events past retention deleted"),
                Err(e) => {
                    tracing::warn!(error = %e, "audit event retention failed (retried later)")
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::audit::{EventRecord, EventResource};
    use iam_core::store::Store;

    fn event(id: &str, time_ms: i64) -> EventRecord {
        EventRecord {
            event_id: id.into(),
            account_id: "111111111111".into(),
            time_ms,
            event_name: "GetUser".into(),
            event_source: "iam.amazonaws.com".into(),
            read_only: true,
            username: Some("alice".into()),
            access_key_id: None,
            resources: vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: id.into(),
            }],
            json: format!(r#"{{"eventID":"{id}"}}"#),
        }
    }

    fn count(db: &std::path::Path, table: &str) -> i64 {
        Connection::open(db)
            .unwrap()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[tokio::test]
    async fn old_events_go_in_batches_the_recent_ones_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("iamd.db");
        let store = SqliteStore::open(&db).unwrap();
        let now = 1_800_000_000_000;
        // 2 500 events 40 days old, 10 a day old.
        let mut events: Vec<EventRecord> = (0..2_500)
            .map(|i| event(&format!("old{i}"), now - 40 * DAY_MS + i))
            .collect();
        events.extend((0..10).map(|i| event(&format!("new{i}"), now - DAY_MS + i)));
        store.append_events(events, false);
        store.submit(Vec::new()).await.unwrap().unwrap();
        assert_eq!(count(&db, "events"), 2_510);

        // The trail delivered only up to seq 1 200: nothing past it goes.
        assert_eq!(
            prune(&store, now - 30 * DAY_MS, 1_200).await.unwrap(),
            1_200
        );
        assert_eq!(count(&db, "events"), 1_310);
        // Every block a kept event reads is kept; the others went with their events.
        assert_eq!(
            count(
                &db,
                "event_blocks WHERE id NOT IN (SELECT block FROM events)"
            ),
            0
        );
        assert_eq!(
            count(
                &db,
                "events WHERE block NOT IN (SELECT id FROM event_blocks)"
            ),
            0
        );
        // Then everything old, in three batches; the recent ones stay, and of the postings of
        // each event's own resource name (attr 6), only theirs.
        assert_eq!(
            prune(&store, now - 30 * DAY_MS, i64::MAX).await.unwrap(),
            1_300
        );
        assert_eq!(count(&db, "events"), 10);
        assert_eq!(
            count(
                &db,
                "event_blocks WHERE id NOT IN (SELECT block FROM events)"
            ),
            0
        );
        assert_eq!(
            count(
                &db,
                "events WHERE block NOT IN (SELECT id FROM event_blocks)"
            ),
            0
        );
        assert_eq!(count(&db, "event_postings WHERE attr = 6"), 10);
        // Everything older than now: all but the newest, so seq keeps growing.
        assert_eq!(prune(&store, now, i64::MAX).await.unwrap(), 9);
        store.append_events(vec![event("next", now)], false);
        store.submit(Vec::new()).await.unwrap().unwrap();
        let seqs: Vec<i64> = {
            let conn = Connection::open(&db).unwrap();
            let mut stmt = conn.prepare("SELECT seq FROM events ORDER BY seq").unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(seqs, [2_510, 2_511]);
    }
}
