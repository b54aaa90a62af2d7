//! Retention of the audit events (`iamd serve --event-retention-days N`; default: every event
//! is kept). Events older than N days are deleted oldest first, in `seq` order, in batches of
//! at most `BATCH` — each batch one transaction of the store's writer thread, queued between
//! the requests' group commits, so a large deletion never holds the writer for long.
//!
//! What a batch deletes is a prefix of the event log in `seq` order: its oldest blocks (up to
//! 32 events of one transaction each, `events.rs`) up to the first one holding an event inside
//! the retention period (seq and eventTime rise together, up to the seconds a request may
//! take), so each batch reads about `BATCH` events' blocks, whatever the log's size. An old
//! event that shares a block with a recent one stays until the block goes (a transaction's
//! events are at most a few seconds apart).
//! Never deleted:
//! - an event the CloudTrail log files have not delivered yet (`upto_seq`: the trail's
//!   cursor; on PostgreSQL also the cluster's `trail_cursor` row, read by each batch in its own
//!   transaction, whichever node runs it), so retention cannot take an event from the trail;
//! - the newest block, so `seq` keeps growing (the writer gives a new event the largest `seq` +
//!   1: an empty log would start again at 1 behind the trail's cursor and `iamd events
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

/// One batch, in the writer's transaction: deletes the oldest blocks of events whose every
/// event is older than `before_ms` and at or before `upto_seq` (about `limit` events, never
/// the newest block); returns how many events, and the last `seq` deleted (0: none), whose
/// postings the indexer then deletes (`events::prune_postings`).
pub(crate) fn prune_batch(
    conn: &mut Connection,
    before_ms: i64,
    upto_seq: i64,
    limit: usize,
) -> Result<(usize, i64), StoreError> {
    let err = |e: rusqlite::Error| StoreError(e.to_string());
    let tx = conn.transaction().map_err(err)?;
    let newest: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(first_seq), 0) FROM event_log",
            [],
            |r| r.get(0),
        )
        .map_err(err)?;
    let mut last = None;
    let mut deleted = 0usize;
    {
        let mut oldest = tx
            .prepare_cached(
                "SELECT first_seq, last_seq, events, max_time FROM event_log \
                 WHERE first_seq < ?1 ORDER BY first_seq",
            )
            .map_err(err)?;
        let mut rows = oldest.query(params![newest]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            let (first, last_seq, events, max_time): (i64, i64, i64, i64) = (
                row.get(0).map_err(err)?,
                row.get(1).map_err(err)?,
                row.get(2).map_err(err)?,
                row.get(3).map_err(err)?,
            );
            if max_time >= before_ms || last_seq > upto_seq || deleted >= limit {
                break;
            }
            last = Some((first, last_seq));
            deleted += usize::try_from(events).unwrap_or(0);
        }
    }
    let Some((first, last_seq)) = last else {
        return Ok((0, 0));
    };
    tx.execute(
        "DELETE FROM event_log WHERE first_seq <= ?1",
        params![first],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok((deleted, last_seq))
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
            capture: Vec::new(),
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

    /// Rows of `table`, or events stored when it is `event_log`.
    fn count(db: &std::path::Path, table: &str) -> i64 {
        let what = if table == "event_log" {
            "COALESCE(SUM(events), 0)"
        } else {
            "COUNT(*)"
        };
        Connection::open(db)
            .unwrap()
            .query_row(&format!("SELECT {what} FROM {table}"), [], |r| r.get(0))
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
        store.flush_postings().await.unwrap().unwrap();
        let events = "event_log";
        assert_eq!(count(&db, events), 2_510);

        // The trail delivered only up to seq 1 200: nothing past it goes. Blocks of 32 go
        // whole: the 37 up to seq 1 184.
        assert_eq!(
            prune(&store, now - 30 * DAY_MS, 1_200).await.unwrap(),
            1_184
        );
        assert_eq!(count(&db, events), 1_326);
        // Then everything old, in three batches: every block of old events. The block of
        // seqs 2 497..2 510 holds 4 old events and the 10 recent ones: it stays whole. Of the
        // postings of each event's own resource name (attr 6), only those of the kept stay.
        assert_eq!(
            prune(&store, now - 30 * DAY_MS, i64::MAX).await.unwrap(),
            1_312
        );
        assert_eq!(count(&db, events), 14);
        // The indexer deletes the postings after the events; `flush_postings` waits for it.
        store.flush_postings().await.unwrap().unwrap();
        assert_eq!(
            count(
                &crate::events::postings_path(&db),
                "event_postings WHERE attr = 6"
            ),
            14
        );
        // Everything older than now: all but the newest block (here the only one), so seq
        // keeps growing.
        assert_eq!(prune(&store, now, i64::MAX).await.unwrap(), 0);
        store.append_events(vec![event("next", now)], false);
        store.flush_postings().await.unwrap().unwrap();
        let seqs = crate::reader::stored_seqs(&db);
        assert_eq!(seqs, (2_497..=2_511).collect::<Vec<_>>());
    }
}
