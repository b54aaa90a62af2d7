//! The audit events of a PostgreSQL store read from outside the store's writer: `iamd events
//! --store postgres://…` (`PgEventReader`) and the CloudTrail log files of a cluster
//! (`PgTrailSource`). Both use one connection of their own, driven by a small runtime of their
//! own, so they are called from plain threads (the trail's, the command line's).
//!
//! INVARIANT (pg-committed-horizon): `seq` comes from a sequence, so on PostgreSQL it is not
//! commit order: with several nodes (and one node's writer next to retention), an event with a
//! smaller `seq` may commit after one with a larger. A reader that follows `seq` (the trail, `iamd
//! events --follow`) therefore only reads up to `committed_max_seq`: it takes `events` in SHARE
//! mode, which waits for every transaction that inserted into it to end and keeps new inserts
//! out while it reads `max(seq)` (an insert draws its `seq` while holding ROW EXCLUSIVE on the
//! table), then lets go at once. Every event up to that `seq` is then committed, and every
//! later insert draws a larger one: following from it neither skips nor repeats an event.
use crate::reader::{EventFilter, ReadEvent};
use crate::trail::{Cursor, Source};
use iam_core::store::StoreError;
use std::str::FromStr;
use std::time::{Duration, Instant};
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

/// The advisory lock key of the trail's deliveries ("iamt"; the write lock is "iamd").
pub const TRAIL_LOCK: i64 = 0x6961_6d74;

/// How long a stopping node waits for another node's delivery to end before its own.
const STOP_WAIT: Duration = Duration::from_secs(30);

fn pg(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError(format!("postgres: {}", db.message())),
        None => StoreError(format!("postgres: {e}")),
    }
}

/// One connection, used synchronously.
struct PgClient {
    runtime: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
}

impl PgClient {
    fn connect(url: &str) -> Result<Self, StoreError> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StoreError(format!("not a PostgreSQL URL: {e}")))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError(e.to_string()))?;
        let (client, connection) = runtime.block_on(config.connect(NoTls)).map_err(pg)?;
        // Driven whenever the runtime runs a query (`run`): a client waits for its answers.
        runtime.spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "postgres connection closed");
            }
        });
        Ok(PgClient { runtime, client })
    }

    fn run<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(f)
    }

    /// The newest event's `seq` (0: none), committed or not: a cheap look for news.
    fn newest_seq(&self) -> Result<i64, StoreError> {
        self.run(async {
            self.client
                .query_one("SELECT coalesce(max(seq), 0) FROM events", &[])
                .await
                .map_err(pg)
                .map(|r| r.get(0))
        })
    }

    /// See INVARIANT (pg-committed-horizon).
    fn committed_max_seq(&mut self) -> Result<i64, StoreError> {
        let PgClient { runtime, client } = self;
        runtime.block_on(async {
            let tx = client.transaction().await.map_err(pg)?;
            // A writer stuck in a transaction must not stop the reader for good.
            tx.batch_execute("SET LOCAL lock_timeout = '10s'; LOCK TABLE events IN SHARE MODE")
                .await
                .map_err(pg)?;
            let max: i64 = tx
                .query_one("SELECT coalesce(max(seq), 0) FROM events", &[])
                .await
                .map_err(pg)?
                .get(0);
            tx.commit().await.map_err(pg)?;
            Ok(max)
        })
    }

    fn range(&self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        self.run(async {
            let rows = self
                .client
                .query(
                    "SELECT seq, account, time_ms, record FROM events \
                     WHERE seq > $1 AND seq <= $2 ORDER BY seq",
                    &[&after, &upto],
                )
                .await
                .map_err(pg)?;
            Ok(rows.iter().map(read_event).collect())
        })
    }
}

fn read_event(r: &tokio_postgres::Row) -> ReadEvent {
    ReadEvent {
        seq: r.get(0),
        account: r.get(1),
        time_ms: r.get(2),
        record: r.get(3),
    }
}

/// The SQL and parameters of an operator's filter (`EventFilter`) over every account's events,
/// `seq > after`, oldest first, or with `newest` the last `limit`.
fn filter_sql(
    filter: &EventFilter,
    after: i64,
    limit: usize,
    newest: bool,
) -> (String, Vec<Box<dyn ToSql + Sync + Send>>) {
    let mut sql = String::from("SELECT seq, account, time_ms, record FROM events e WHERE seq > $1");
    let mut args: Vec<Box<dyn ToSql + Sync + Send>> = vec![Box::new(after)];
    let mut push = |sql: &mut String, clause: &str, v: Box<dyn ToSql + Sync + Send>| {
        args.push(v);
        sql.push_str(&clause.replace("$?", &format!("${}", args.len())));
    };
    for (column, v) in [
        ("account", &filter.account),
        ("event_name", &filter.event_name),
        ("username", &filter.username),
        ("access_key_id", &filter.access_key_id),
        ("event_source", &filter.event_source),
    ] {
        if let Some(v) = v {
            push(
                &mut sql,
                &format!(" AND e.{column} = $?"),
                Box::new(v.clone()),
            );
        }
    }
    for (column, v) in [
        ("resource_name", &filter.resource_name),
        ("resource_type", &filter.resource_type),
    ] {
        if let Some(v) = v {
            push(
                &mut sql,
                &format!(
                    " AND EXISTS (SELECT 1 FROM event_resources r \
                     WHERE r.seq = e.seq AND r.{column} = $?)"
                ),
                Box::new(v.clone()),
            );
        }
    }
    if let Some(v) = filter.read_only {
        push(&mut sql, " AND e.read_only = $?", Box::new(v));
    }
    if let Some(v) = filter.start_ms {
        push(&mut sql, " AND e.time_ms >= $?", Box::new(v));
    }
    if let Some(v) = filter.end_ms {
        push(&mut sql, " AND e.time_ms <= $?", Box::new(v));
    }
    if let Some(v) = filter.upto_seq {
        push(&mut sql, " AND e.seq <= $?", Box::new(v));
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    push(
        &mut sql,
        if newest {
            " ORDER BY e.seq DESC LIMIT $?"
        } else {
            " ORDER BY e.seq LIMIT $?"
        },
        Box::new(limit),
    );
    (sql, args)
}

/// `iamd events --store postgres://…`: the events of a cluster's database, read with a
/// connection of its own (the nodes may be running).
pub struct PgEventReader {
    client: PgClient,
}

impl std::fmt::Debug for PgEventReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgEventReader").finish_non_exhaustive()
    }
}

impl PgEventReader {
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = PgClient::connect(url)?;
        let has_events: bool = client.run(async {
            client
                .client
                .query_one("SELECT to_regclass('events') IS NOT NULL", &[])
                .await
                .map_err(pg)
                .map(|r| r.get(0))
        })?;
        if !has_events {
            return Err(StoreError(
                "the database holds no audit events table (no iamd node has run on it?)".into(),
            ));
        }
        Ok(PgEventReader { client })
    }

    /// The newest `seq` every event up to which is committed (INVARIANT
    /// (pg-committed-horizon)); 0 when there is none.
    pub fn max_seq(&mut self) -> Result<i64, StoreError> {
        self.client.committed_max_seq()
    }

    /// The newest event's `seq`, committed or not (a cheap look for news).
    pub fn newest_seq(&self) -> Result<i64, StoreError> {
        self.client.newest_seq()
    }

    /// As `EventReader::read`: events matching `filter` with `seq > after`, oldest first, the
    /// first `limit` or with `newest` the last `limit`.
    pub fn read(
        &self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
        newest: bool,
    ) -> Result<Vec<ReadEvent>, StoreError> {
        let (sql, args) = filter_sql(filter, after, limit, newest);
        let params: Vec<&(dyn ToSql + Sync)> = args
            .iter()
            .map(|a| a.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let mut rows: Vec<ReadEvent> = self.client.run(async {
            self.client
                .client
                .query(&sql, &params)
                .await
                .map_err(pg)
                .map(|rows| rows.iter().map(read_event).collect())
        })?;
        if newest {
            rows.reverse();
        }
        Ok(rows)
    }
}

/// The trail's source on PostgreSQL: the cursor in the `trail_cursor` row, deliveries under
/// the advisory lock `TRAIL_LOCK` held by this connection (released by PostgreSQL when the
/// node dies: another node continues), events up to the committed horizon.
pub struct PgTrailSource {
    url: String,
    client: Option<PgClient>,
}

impl PgTrailSource {
    /// Connects (and checks the connection works: errors here stop the server starting).
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let client = PgClient::connect(url)?;
        client.run(async {
            client
                .client
                .query_one("SELECT count(*) FROM trail_cursor", &[])
                .await
                .map_err(pg)
        })?;
        Ok(PgTrailSource {
            url: url.to_string(),
            client: Some(client),
        })
    }

    fn client(&mut self) -> Result<&mut PgClient, StoreError> {
        if self.client.as_ref().is_some_and(|c| c.client.is_closed()) {
            self.client = None;
        }
        if self.client.is_none() {
            self.client = Some(PgClient::connect(&self.url)?);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError("no connection".into()))
    }

    /// Runs `f`; a failed connection is dropped (the lock goes with it), reopened next time.
    fn with<T>(
        &mut self,
        f: impl FnOnce(&mut PgClient) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let result = f(self.client()?);
        if result.is_err() && self.client.as_ref().is_some_and(|c| c.client.is_closed()) {
            self.client = None;
        }
        result
    }
}

impl Source for PgTrailSource {
    fn shared(&self) -> bool {
        true
    }

    fn acquire(&mut self, wait: bool) -> Result<bool, StoreError> {
        let started = Instant::now();
        loop {
            let taken = self.with(|c| {
                c.run(async {
                    c.client
                        .query_one("SELECT pg_try_advisory_lock($1)", &[&TRAIL_LOCK])
                        .await
                        .map_err(pg)
                        .map(|r| r.get::<_, bool>(0))
                })
            })?;
            if taken || !wait || started.elapsed() > STOP_WAIT {
                return Ok(taken);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn release(&mut self) {
        let released = self.with(|c| {
            c.run(async {
                c.client
                    .execute("SELECT pg_advisory_unlock($1)", &[&TRAIL_LOCK])
                    .await
                    .map_err(pg)
            })
        });
        if let Err(e) = released {
            // Dropping the connection releases it.
            tracing::warn!(error = %e, "cannot release the trail's lock: reconnecting");
            self.client = None;
        }
    }

    fn load_cursor(&mut self) -> Result<Cursor, StoreError> {
        let text: Option<String> = self.with(|c| {
            c.run(async {
                c.client
                    .query_opt("SELECT cursor FROM trail_cursor WHERE id = 1", &[])
                    .await
                    .map_err(pg)
                    .map(|r| r.map(|r| r.get(0)))
            })
        })?;
        match text {
            None => Ok(Cursor::default()),
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| StoreError(format!("trail_cursor: not a trail cursor: {e}"))),
        }
    }

    fn save_cursor(&mut self, cursor: &Cursor) -> Result<(), StoreError> {
        let text = serde_json::to_string(cursor).map_err(|e| StoreError(e.to_string()))?;
        let delivered = cursor.delivered_seq();
        let node = crate::postgres::node_name();
        self.with(|c| {
            c.run(async {
                // Only while this connection holds the lock: a node that lost it (its session
                // ended and came back) cannot move the cursor another node now owns.
                let n = c
                    .client
                    .execute(
                        "INSERT INTO trail_cursor (id, delivered_seq, cursor, node, updated_at) \
                         SELECT 1, $1, $2, $3, now() WHERE EXISTS (SELECT 1 FROM pg_locks \
                         WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted \
                         AND ((classid::int8 << 32) | objid::int8) = $4) \
                         ON CONFLICT (id) DO UPDATE SET delivered_seq = EXCLUDED.delivered_seq, \
                         cursor = EXCLUDED.cursor, node = EXCLUDED.node, updated_at = now()",
                        &[&delivered, &text, &node, &TRAIL_LOCK],
                    )
                    .await
                    .map_err(pg)?;
                if n == 1 {
                    Ok(())
                } else {
                    Err(StoreError(
                        "this node no longer holds the trail's lock: delivery abandoned".into(),
                    ))
                }
            })
        })
    }

    fn max_seq(&mut self) -> Result<i64, StoreError> {
        self.with(PgClient::committed_max_seq)
    }

    fn range(&mut self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        self.with(|c| c.range(after, upto))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_number_their_parameters_in_order() {
        let filter = EventFilter {
            account: Some("111111111111".into()),
            resource_name: Some("alice".into()),
            read_only: Some(false),
            upto_seq: Some(9),
            ..EventFilter::default()
        };
        let (sql, args) = filter_sql(&filter, 3, 10, true);
        assert_eq!(args.len(), 6);
        assert!(sql.contains("e.account = $2"), "{sql}");
        assert!(sql.contains("r.resource_name = $3"), "{sql}");
        assert!(sql.contains("e.read_only = $4"), "{sql}");
        assert!(sql.contains("e.seq <= $5"), "{sql}");
        assert!(sql.ends_with("ORDER BY e.seq DESC LIMIT $6"), "{sql}");
    }
}
