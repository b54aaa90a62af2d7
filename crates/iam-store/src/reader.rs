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
        let has_events: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events')",
                [],
                |r| r.get(0),
            )
            .map_err(err)?;
        if !has_events {
            return Err(StoreError(format!(
                "{} holds no audit events table (not an iamd database?)",
                path.display()
            )));
        }
        Ok(EventReader { conn })
    }

    /// The newest event's `seq` (0 when there is none).
    pub fn max_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(err)
    }

    /// Events with `seq` in `(after, upto]`, in `seq` order (the trail's delivery range).
    pub fn range(&self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, account, time_ms, record FROM events \
                 WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([after, upto], read_event)
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        Ok(rows)
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
        let mut sql =
            String::from("SELECT seq, account, time_ms, record FROM events e WHERE seq > ?");
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
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM event_resources r WHERE r.seq = e.seq \
                     AND r.{column} = ?)"
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
        let mut stmt = self.conn.prepare_cached(&sql).map_err(err)?;
        let mut rows = stmt
            .query_map(params_from_iter(args), read_event)
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        if newest {
            rows.reverse();
        }
        Ok(rows)
    }
}

impl EventReader {
    /// Whole events (every column and their resources) with `seq > after`, oldest first, at
    /// most `limit` (`iamd migrate`).
    pub fn full_events(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<iam_core::audit::StoredEvent>, StoreError> {
        use iam_core::audit::{EventRecord, EventResource, StoredEvent};
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, event_id, account, time_ms, event_name, event_source, read_only, \
                 username, access_key_id, record FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )
            .map_err(err)?;
        let mut found = stmt
            .query_map(
                rusqlite::params![after, i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| {
                    Ok(StoredEvent {
                        seq: r.get(0)?,
                        record: EventRecord {
                            event_id: r.get(1)?,
                            account_id: r.get(2)?,
                            time_ms: r.get(3)?,
                            event_name: r.get(4)?,
                            event_source: r.get(5)?,
                            read_only: r.get(6)?,
                            username: r.get(7)?,
                            access_key_id: r.get(8)?,
                            resources: Vec::new(),
                            json: r.get(9)?,
                        },
                    })
                },
            )
            .map_err(err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let mut res = self
            .conn
            .prepare_cached(
                "SELECT resource_type, resource_name FROM event_resources WHERE seq = ?1 \
                 ORDER BY rowid",
            )
            .map_err(err)?;
        for e in &mut found {
            e.record.resources = res
                .query_map([e.seq], |r| {
                    Ok(EventResource {
                        resource_type: r.get(0)?,
                        resource_name: r.get(1)?,
                    })
                })
                .map_err(err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
        }
        Ok(found)
    }
}

fn read_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReadEvent> {
    Ok(ReadEvent {
        seq: r.get(0)?,
        account: r.get(1)?,
        time_ms: r.get(2)?,
        record: r.get(3)?,
    })
}
