//! Reading the audit events of a data directory's database from outside the server's store:
//! `iamd events` (an operator's filters, JSON lines, `--follow`) and the CloudTrail log files
//! (`trail.rs`). A read-only SQLite connection: in WAL mode readers never block the server's
//! writer nor see an uncommitted transaction, so this is safe while the server runs (no data
//! directory lock is taken; the lock guards the working set, which a reader does not have).
use iam_core::store::StoreError;
use rusqlite::{Connection, OpenFlags, params_from_iter, types::Value as SqlValue};
use std::path::Path;

/// An operator's filter over every account's events (each set field must match; unset ones
/// match everything). Unlike LookupEvents (one attribute, one account), fields combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub account: Option<String>,
    pub event_name: Option<String>,
    /// LookupEvents' `Username`: the IAM user, `root`, the role session or federated name.
    pub username: Option<String>,
    pub access_key_id: Option<String>,
    pub resource_name: Option<String>,
    pub resource_type: Option<String>,
    pub event_source: Option<String>,
    pub read_only: Option<bool>,
    /// `eventTime` bounds in milliseconds since the epoch, both inclusive.
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    /// Only events up to this `seq` (a snapshot: `max_seq` read first, so a reader that then
    /// follows from it neither skips nor repeats an event).
    pub upto_seq: Option<i64>,
}

/// One event as read: its place in the store's commit order, its recipient account and its
/// CloudTrail record exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadEvent {
    pub seq: i64,
    pub account: String,
    pub time_ms: i64,
    pub record: String,
}

/// A read-only connection to a data directory's database.
pub struct EventReader {
    conn: Connection,
    /// Whether `events` names each event's block of records (`events.rs`); a database the
    /// server has not opened since blocks came has no such columns, all its records inline.
    has_blocks: bool,
}

impl std::fmt::Debug for EventReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventReader").finish_non_exhaustive()
    }
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

impl EventReader {
    /// The columns naming an event's block and line, or NULLs for an older layout.
    fn block_columns(&self) -> &'static str {
        if self.has_blocks {
            "block, part"
        } else {
            "NULL, NULL"
        }
    }

    /// Opens `path` read-only (it must exist: a reader never creates a database).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError(format!("{} does not exist", path.display())));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        let has_events = crate::events::has_table(&conn, "events")?;
        if !has_events {
            return Err(StoreError(format!(
                "{} holds no audit events table (not an iamd database?)",
                path.display()
            )));
        }
        let has_blocks = crate::events::has_column(&conn, "events", "block")?;
        Ok(EventReader { conn, has_blocks })
    }

    /// The newest event's `seq` (0 when there is none).
    pub fn max_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(err)
    }

    /// Events with `seq` in `(after, upto]`, in `seq` order (the trail's delivery range).
    pub fn range(&self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        // One snapshot for the rows and their blocks (retention deletes both meanwhile).
        let _snapshot = self.conn.unchecked_transaction().map_err(err)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT seq, account, time_ms, record, {} FROM events \
                 WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
                self.block_columns()
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map([after, upto], read_event)
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        self.with_records(rows)
    }

    /// Events matching `filter` with `seq > after`, in `seq` order: the first `limit` of them,
    /// or with `newest`, the last `limit` (still returned oldest first).
    pub fn read(
        &self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
        newest: bool,
    ) -> Result<Vec<ReadEvent>, StoreError> {
        let mut sql = format!(
            "SELECT seq, account, time_ms, record, {} FROM events e WHERE seq > ?",
            self.block_columns()
        );
        let mut args: Vec<SqlValue> = vec![SqlValue::Integer(after)];
        let mut text = |sql: &mut String, column: &str, v: &Option<String>| {
            if let Some(v) = v {
                sql.push_str(&format!(" AND {column} = ?"));
                args.push(SqlValue::Text(v.clone()));
            }
        };
        text(&mut sql, "account", &filter.account);
        text(&mut sql, "event_name", &filter.event_name);
        text(&mut sql, "username", &filter.username);
        text(&mut sql, "access_key_id", &filter.access_key_id);
        text(&mut sql, "event_source", &filter.event_source);
        for (column, v) in [
            ("resource_name", &filter.resource_name),
            ("resource_type", &filter.resource_type),
        ] {
            if let Some(v) = v {
                // `resources`: a JSON array of [type, name] pairs (events.rs).
                let index = if column == "resource_type" { 0 } else { 1 };
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM json_each(e.resources) r \
                     WHERE json_extract(r.value, '$[{index}]') = ?)"
                ));
                args.push(SqlValue::Text(v.clone()));
            }
        }
        if let Some(v) = filter.read_only {
            sql.push_str(" AND read_only = ?");
            args.push(SqlValue::Integer(i64::from(v)));
        }
        if let Some(v) = filter.start_ms {
            sql.push_str(" AND time_ms >= ?");
            args.push(SqlValue::Integer(v));
        }
        if let Some(v) = filter.end_ms {
            sql.push_str(" AND time_ms <= ?");
            args.push(SqlValue::Integer(v));
        }
        if let Some(v) = filter.upto_seq {
            sql.push_str(" AND seq <= ?");
            args.push(SqlValue::Integer(v));
        }
        sql.push_str(if newest {
            " ORDER BY seq DESC LIMIT ?"
        } else {
            " ORDER BY seq LIMIT ?"
        });
        args.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        // One snapshot for the rows and their blocks (retention deletes both meanwhile).
        let _snapshot = self.conn.unchecked_transaction().map_err(err)?;
        let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
        let mut rows = stmt
            .query_map(params_from_iter(args), read_event)
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        if newest {
            rows.reverse();
        }
        self.with_records(rows)
    }

    /// The events with their records, read from their blocks where they are in one.
    fn with_records(
        &self,
        rows: Vec<(ReadEvent, Option<(i64, i64)>)>,
    ) -> Result<Vec<ReadEvent>, StoreError> {
        let mut blocks = crate::events::Blocks::default();
        rows.into_iter()
            .map(|(mut e, block)| {
                e.record = blocks.record(&self.conn, std::mem::take(&mut e.record), block)?;
                Ok(e)
            })
            .collect()
    }
}

impl EventReader {
    /// Whole events (every column, their resources and records) with `seq > after`, oldest
    /// first, at most `limit` (`iamd migrate`).
    pub fn full_events(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<iam_core::audit::StoredEvent>, StoreError> {
        if !self.has_blocks {
            return Err(StoreError(
                "this database holds events of an older layout: start `iamd serve` on its data \
                 directory once (it upgrades them), then migrate"
                    .into(),
            ));
        }
        crate::events::full_events(&self.conn, after, limit)
    }
}

fn read_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ReadEvent, Option<(i64, i64)>)> {
    let block: Option<i64> = r.get(4)?;
    let part: Option<i64> = r.get(5)?;
    Ok((
        ReadEvent {
            seq: r.get(0)?,
            account: r.get(1)?,
            time_ms: r.get(2)?,
            record: r.get(3)?,
        },
        block.zip(part),
    ))
}
