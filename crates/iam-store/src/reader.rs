//! Reading the audit events of a data directory's database from outside the server's store:
//! `iamd events` (an operator's filters, JSON lines, `--follow`) and the CloudTrail log files
//! (`trail.rs`). A read-only SQLite connection: in WAL mode readers never block the server's
//! writer nor see an uncommitted transaction, so this is safe while the server runs (no data
//! directory lock is taken; the lock guards the working set, which a reader does not have).
use iam_core::audit::EventRecord;
use iam_core::store::StoreError;
use rusqlite::{Connection, OpenFlags};
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

impl EventFilter {
    fn matches(&self, seq: i64, e: &EventRecord) -> bool {
        let text = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|w| have == Some(w))
        };
        text(&self.account, Some(&e.account_id))
            && text(&self.event_name, Some(&e.event_name))
            && text(&self.username, e.username.as_deref())
            && text(&self.access_key_id, e.access_key_id.as_deref())
            && text(&self.event_source, Some(&e.event_source))
            && self
                .resource_name
                .as_deref()
                .is_none_or(|w| e.resources.iter().any(|r| r.resource_name == w))
            && self
                .resource_type
                .as_deref()
                .is_none_or(|w| e.resources.iter().any(|r| r.resource_type == w))
            && self.read_only.is_none_or(|v| e.read_only == v)
            && self.start_ms.is_none_or(|v| e.time_ms >= v)
            && self.end_ms.is_none_or(|v| e.time_ms <= v)
            && self.upto_seq.is_none_or(|v| seq <= v)
    }
}

fn read_event(seq: i64, e: EventRecord) -> ReadEvent {
    ReadEvent {
        seq,
        account: e.account_id,
        time_ms: e.time_ms,
        record: e.json,
    }
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
        if !crate::events::has_table(&conn, "event_log")? {
            return Err(StoreError(if crate::events::has_table(&conn, "events")? {
                format!(
                    "{} holds audit events of an older layout: start `iamd serve` on its data \
                     directory once (it upgrades them)",
                    path.display()
                )
            } else {
                format!(
                    "{} holds no audit events table (not an iamd database?)",
                    path.display()
                )
            }));
        }
        Ok(EventReader { conn })
    }

    /// The newest event's `seq` (0 when there is none).
    pub fn max_seq(&self) -> Result<i64, StoreError> {
        crate::events::max_seq(&self.conn)
    }

    /// Events with `seq` in `(after, upto]`, in `seq` order (the trail's delivery range).
    pub fn range(&self, after: i64, upto: i64) -> Result<Vec<ReadEvent>, StoreError> {
        // One snapshot for the blocks read in turn (retention deletes them meanwhile).
        let _snapshot = self.conn.unchecked_transaction().map_err(err)?;
        let mut out = Vec::new();
        let mut from = after;
        while from < upto {
            let events = crate::events::events_after(&self.conn, from, 1_000)?;
            let Some(&(last, _)) = events.last() else {
                break;
            };
            from = last;
            out.extend(
                events
                    .into_iter()
                    .filter(|(seq, _)| *seq <= upto)
                    .map(|(seq, e)| read_event(seq, e)),
            );
        }
        Ok(out)
    }

    /// Events matching `filter` with `seq > after`, in `seq` order: the first `limit` of them,
    /// or with `newest`, the last `limit` (still returned oldest first). Every block after
    /// `after` is read (the operator's tool; LookupEvents is what is indexed).
    pub fn read(
        &self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
        newest: bool,
    ) -> Result<Vec<ReadEvent>, StoreError> {
        // One snapshot for the blocks read in turn (retention deletes them meanwhile).
        let _snapshot = self.conn.unchecked_transaction().map_err(err)?;
        let mut out = Vec::new();
        if newest {
            let before = filter.upto_seq.map(|u| u.saturating_add(1));
            crate::events::events_backwards(&self.conn, before, |seq, e| {
                if seq <= after || out.len() >= limit {
                    return false;
                }
                if filter.matches(seq, &e) {
                    out.push(read_event(seq, e));
                }
                out.len() < limit
            })?;
            out.reverse();
            return Ok(out);
        }
        let mut from = after;
        loop {
            let events = crate::events::events_after(&self.conn, from, 1_000)?;
            let Some(&(last, _)) = events.last() else {
                break;
            };
            from = last;
            for (seq, e) in events {
                if filter.upto_seq.is_some_and(|u| seq > u) {
                    return Ok(out);
                }
                if filter.matches(seq, &e) {
                    out.push(read_event(seq, e));
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whole events (every field, their resources and records) with `seq > after`, oldest
    /// first, at most `limit` (`iamd migrate`).
    pub fn full_events(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<iam_core::audit::StoredEvent>, StoreError> {
        crate::events::full_events(&self.conn, after, limit)
    }
}

/// Every stored event's `seq`, in order (tests check what a store kept).
#[cfg(test)]
pub(crate) fn stored_seqs(path: &Path) -> Vec<i64> {
    EventReader::open(path)
        .unwrap()
        .range(0, i64::MAX)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect()
}
