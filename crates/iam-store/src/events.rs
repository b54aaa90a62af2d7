//! The audit events in SQLite: how they are written cheaply and looked up fast.
//!
//! Events are appended, in commit order (`seq`), to `event_log`: one row per *block* of up to
//! 32 consecutive events of one transaction, LZ4-compressed (a fifth or less of their size:
//! records of one window share most of their text). Each event in a block is its `seq`, the
//! fields LookupEvents filters by (event ID, account, time, name, source, read-only flag, user
//! name, access key, resources) and its CloudTrail record (`encode_body`). There is no row
//! and no index entry per event: what the writer thread spent per event was mostly keeping
//! B-trees and writing their pages (WAL, fsync, checkpoint), so a read's event now costs a
//! thirty-second of a row and a durable write's transaction one row more than its records.
//! What LookupEvents searches by — the account's events, an event ID, name, source, read-only
//! flag, user name, access key, resource name or type — is indexed per *window* of about a
//! second in `event_postings`, one row per (account, attribute, value) that the window's
//! events have, holding up to 128 `seq`s of those events (delta-encoded) and their time range.
//! An event ID is posted under its first 12 characters: event IDs are time-ordered UUIDs
//! (their first 48 bits the milliseconds), so that is one posting per 16 ms of an account's
//! events rather than one per event. The writer keeps the postings in memory (`Postings`)
//! and writes them in a transaction of their own (`POSTINGS_WINDOW`, before a lookup, at
//! shutdown); `event_index.upto` names the last event they cover, and at open the events past
//! it are posted again (`index_unposted`), so a crash costs time, never an event.
//!
//! A lookup walks the postings of its (account, attribute, value) newest first (by their latest
//! time), reads the events they list from their blocks, keeps those that match
//! (`EventQuery::matches`, which also makes a stale posting harmless: a replaced event or a
//! deleted one is read and dropped), and stops as soon as no further posting can hold an event
//! newer than the page's oldest.
use iam_core::audit::capture::{put_bytes, put_opt, put_str, put_varint};
use iam_core::audit::{
    EventQuery, EventRecord, EventResource, LookupAttribute, RecordBody, RecordView, StoredEvent,
};
use iam_core::store::StoreError;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The schema of the events in the store's database. `event_log`: blocks of events, named by
/// their first event's `seq`, with their last `seq`, how many events they hold and their
/// latest `time_ms` (retention deletes whole blocks by it); `data`: the entries
/// (`encode_body`), LZ4 compressed with their size prepended. `event_reposts`: events replaced
/// since the postings were last rebuilt (`EventWriter::replace`), posted again at open.
pub(crate) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS event_log (
        first_seq INTEGER PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        events INTEGER NOT NULL,
        max_time INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS event_reposts (seq INTEGER PRIMARY KEY);
";

/// The schema of the postings' own database (`postings_path`): derived from the events, so
/// it lives apart from them — its pages are never in the WAL that a durable write's fsync
/// flushes, and its writer (`Indexer`) never holds the store's write lock. A posting's key
/// starts with its list's hash (`list_hash` of its account, attribute and value): a B-tree
/// search compares integers, not the text of an account and a value, about a third of what a
/// posting row cost the indexer. The account, attribute and value end the key: FNV-1a is no
/// defence against a caller who picks a user name to collide with another list's, and two
/// lists of one hash must stay two rows (a posting overwritten would hide its events from
/// lookups); they are compared only between rows whose hash, time and `seq` are equal.
pub(crate) const POSTINGS_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS event_postings (
        list INTEGER NOT NULL,
        max_time INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        attr INTEGER NOT NULL,
        account TEXT NOT NULL,
        value TEXT NOT NULL,
        min_time INTEGER NOT NULL,
        seqs BLOB NOT NULL,
        PRIMARY KEY (list, max_time, last_seq, attr, account, value)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS event_index (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        upto INTEGER NOT NULL
    );
";

/// The key a list of postings is stored under: FNV-1a (64 bits) of its account, attribute
/// and value, with separators.
fn list_hash(account: &str, attr: i64, value: &str) -> i64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(account.as_bytes());
    h.write(&[0x1f, attr as u8, 0x1f]);
    h.write(value.as_bytes());
    h.finish() as i64
}

/// The postings' database of the store at `path`: `<file name>.postings` beside it.
pub fn postings_path(path: &std::path::Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".postings");
    path.with_file_name(name)
}

/// A connection to the postings' database of the store at `path` (created if missing). WAL
/// without an fsync per commit: what a crash or a power loss takes of it is rebuilt at open
/// (`open_postings`). Its page cache is larger than the store writer's: a window's postings of
/// unique values (new user names) land on random leaves of a large B-tree, and its one commit
/// a window scans the cache once, not once per write.
pub(crate) fn postings_connection(path: &std::path::Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(postings_path(path)).map_err(err)?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL;
         PRAGMA synchronous=NORMAL;
         PRAGMA busy_timeout=5000;
         PRAGMA cache_size=-65536;",
    )
    .map_err(err)?;
    if has_table(&conn, "event_postings")? && !has_column(&conn, "event_postings", "list")? {
        rekey_postings(&mut conn)?;
    }
    conn.execute_batch(POSTINGS_SCHEMA).map_err(err)?;
    // Postings were also indexed by `last_seq` (for retention's deletes): every row then went
    // into two B-trees, the second as large as the first (a WITHOUT ROWID table's index holds
    // its whole key), about a quarter of the indexer's time per new user name.
    conn.execute_batch("DROP INDEX IF EXISTS event_postings_by_seq;")
        .map_err(err)?;
    Ok(conn)
}

/// Postings of the layout keyed by their text (account, attribute, value) put under their
/// list's hash, in one transaction, `event_index` kept: they cover what they covered.
fn rekey_postings(conn: &mut Connection) -> Result<(), StoreError> {
    with_list_hash(conn, |conn| {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        tx.execute_batch(
            "DROP INDEX IF EXISTS event_postings_by_seq;
             ALTER TABLE event_postings RENAME TO event_postings_by_text;",
        )
        .map_err(err)?;
        tx.execute_batch(POSTINGS_SCHEMA).map_err(err)?;
        copy_rekeyed(&tx, "main.event_postings_by_text")?;
        tx.execute_batch("DROP TABLE event_postings_by_text;")
            .map_err(err)?;
        tx.commit().map_err(err)
    })
}

/// Runs `f` with `iamd_list_hash(account, attr, value)` (`list_hash`) defined on `conn`.
fn with_list_hash<T>(
    conn: &mut Connection,
    f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "iamd_list_hash",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let account: String = ctx.get(0)?;
            let attr: i64 = ctx.get(1)?;
            let value: String = ctx.get(2)?;
            Ok(list_hash(&account, attr, &value))
        },
    )
    .map_err(err)?;
    let result = f(conn);
    conn.remove_function("iamd_list_hash", 3).map_err(err)?;
    result
}

/// Copies the text-keyed postings of table `source` into `main.event_postings` under their
/// list's hash (`with_list_hash`), in the new key's order: SQLite sorts them once and the new
/// B-tree is built by appending. Posting every event again instead took 27 s a million
/// events and made 2.5 times the rows (its chunks are smaller than the indexer's windows).
fn copy_rekeyed(tx: &rusqlite::Transaction<'_>, source: &str) -> Result<(), StoreError> {
    tx.execute_batch(&format!(
        "INSERT OR REPLACE INTO main.event_postings \
         (list, max_time, last_seq, attr, account, value, min_time, seqs) \
         SELECT iamd_list_hash(account, attr, value) AS list, max_time, last_seq, attr, \
         account, value, min_time, seqs FROM {source} \
         ORDER BY list, max_time, last_seq, attr, account, value;"
    ))
    .map_err(err)
}

/// Attaches the postings' database of the store at `path` to a connection to the store (a
/// lookup's reader) as `postings`: `event_postings` then names its table.
pub(crate) fn attach_postings(conn: &Connection, path: &std::path::Path) -> Result<(), StoreError> {
    let file = postings_path(path);
    conn.execute(
        "ATTACH DATABASE ?1 AS postings",
        [file.to_string_lossy().as_ref()],
    )
    .map(|_| ())
    .map_err(err)
}

/// At open, before the writer starts: brings the store's events to this layout (`upgrade`),
/// moves postings a former layout kept in the store's own database into their own, and posts
/// every event the postings do not cover yet (`index_unposted`). Returns the connection the
/// indexer writes with and the `seq` the store's next event must come after: the postings may
/// name events a power loss took from the store (its reads' events wait up to a second for an
/// fsync; the postings' database has its own), and no new event may take their `seq`s.
pub(crate) fn open_postings(
    path: &std::path::Path,
    store: &mut Connection,
) -> Result<(Connection, i64), StoreError> {
    let mut postings = postings_connection(path)?;
    if has_table(store, "events")? {
        // A layout of a row per event: its postings are written again from every event.
        postings
            .execute_batch("DELETE FROM event_postings; DELETE FROM event_index;")
            .map_err(err)?;
        upgrade(store)?;
    }
    postings
        .execute(
            "ATTACH DATABASE ?1 AS log",
            [path.to_string_lossy().as_ref()],
        )
        .map_err(err)?;
    if has_table(store, "event_postings")? {
        move_postings(&mut postings, has_table(store, "event_index")?)?;
        store
            .execute_batch("DROP TABLE event_postings; DROP TABLE IF EXISTS event_index;")
            .map_err(err)?;
    }
    let upto = index_unposted(&mut postings)?;
    store
        .execute("DELETE FROM event_reposts WHERE seq <= ?1", [upto])
        .map_err(err)?;
    // `log` stays attached: the indexer reads from it what it was not handed
    // (`post_from_log`).
    let floor = upto.max(max_seq(store)?);
    Ok((postings, floor))
}

/// Copies the postings of a store that kept them in its own database (`log`, attached; keyed
/// by their text) into the postings' database under their list's hash, with how far they
/// cover, in one transaction; the caller then drops them from the store (a crash between the
/// two copies them again). `has_index`: the store has `event_index`.
fn move_postings(postings: &mut Connection, has_index: bool) -> Result<(), StoreError> {
    with_list_hash(postings, |postings| {
        let tx = postings
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        copy_rekeyed(&tx, "log.event_postings")?;
        let upto: Option<i64> = if has_index {
            tx.query_row("SELECT upto FROM log.event_index WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?
        } else {
            None
        };
        // No `upto`: postings written with each transaction, every event posted.
        let upto = match upto {
            Some(upto) => upto,
            None => max_seq(&tx)?,
        };
        set_indexed_upto(&tx, upto)?;
        tx.commit().map_err(err)
    })
}

/// The attributes postings index (`event_postings.attr`). `ANY`: every event of the account
/// (a lookup without attribute); `EVENT_ID`: by the ID's first 12 characters (`id_prefix`).
mod attr {
    pub const ANY: i64 = 0;
    pub const NAME: i64 = 1;
    pub const SOURCE: i64 = 2;
    pub const READ_ONLY: i64 = 3;
    pub const USER: i64 = 4;
    pub const KEY: i64 = 5;
    pub const RESOURCE_NAME: i64 = 6;
    pub const RESOURCE_TYPE: i64 = 7;
    pub const EVENT_ID: i64 = 8;
}

/// The value an event ID is posted under: its first 12 characters (`8-4-4-4-12` UUIDs whose
/// first 48 bits are milliseconds: 16 ms of events; any other ID, as far as it goes).
fn id_prefix(event_id: &str) -> &str {
    match event_id.as_bytes().get(..12) {
        Some(head) if head.is_ascii() => &event_id[..12],
        _ => event_id
            .char_indices()
            .nth(12)
            .map_or(event_id, |(i, _)| &event_id[..i]),
    }
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

/// Whether the database has table `name`.
pub(crate) fn has_table(conn: &Connection, name: &str) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(err)
}

/// Whether `table` has `column`.
pub(crate) fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(err)
}

/// Brings a database of an earlier layout to this schema, once, at open (one transaction):
/// - events with seven indexes and an `event_resources` table: resources into their column;
/// - a row per event in `events` (their records inline or in LZ4 blocks of `event_blocks`):
///   into `event_log` blocks, same `seq`s, in `seq` order; then both tables dropped, and the
///   postings written again from every event (they now index event IDs too).
pub(crate) fn upgrade(conn: &mut Connection) -> Result<(), StoreError> {
    if !has_table(conn, "events")? {
        return Ok(());
    }
    // IMMEDIATE: it writes after reading; a deferred transaction that another connection
    // wrote past would fail at once with SQLITE_BUSY (no busy wait for a stale snapshot).
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    if has_table(&tx, "event_resources")? {
        if !has_column(&tx, "events", "resources")? {
            tx.execute_batch("ALTER TABLE events ADD COLUMN resources TEXT;")
                .map_err(err)?;
        }
        tx.execute_batch(
            "UPDATE events SET resources = (
                 SELECT json_group_array(json_array(resource_type, resource_name))
                 FROM (SELECT resource_type, resource_name FROM event_resources r
                       WHERE r.seq = events.seq ORDER BY r.rowid))
             WHERE seq IN (SELECT seq FROM event_resources);
             DROP TABLE event_resources;",
        )
        .map_err(err)?;
    }
    let has_blocks = has_column(&tx, "events", "block")?;
    let columns = if has_blocks {
        "block, part"
    } else {
        "NULL, NULL"
    };
    let mut after = 0i64;
    let mut old_blocks = OldBlocks::default();
    loop {
        let rows: Vec<OldRow> = tx
            .prepare(&format!(
                "SELECT seq, event_id, account, time_ms, event_name, event_source, read_only, \
                 username, access_key_id, record, resources, {columns} FROM events \
                 WHERE seq > ?1 ORDER BY seq LIMIT 1000"
            ))
            .and_then(|mut q| q.query_map([after], old_row)?.collect())
            .map_err(err)?;
        let Some((last, _, _)) = rows.last() else {
            break;
        };
        after = *last;
        let mut block = LogBlock::default();
        for (seq, mut e, place) in rows {
            e.json = old_blocks.record(&tx, std::mem::take(&mut e.json), place)?;
            if block.events == BLOCK_EVENTS || block.last_seq.is_some_and(|l| seq != l + 1) {
                block.insert(&tx)?;
            }
            block.push(seq, &e);
        }
        block.insert(&tx)?;
    }
    tx.execute_batch(
        "DROP TABLE events;
         DROP TABLE IF EXISTS event_blocks;
         DROP TABLE IF EXISTS event_postings;
         DROP TABLE IF EXISTS event_index;",
    )
    .map_err(err)?;
    tx.commit().map_err(err)
}

/// A row of the former `events` table: its `seq`, the event (`json` '' when in a block) and
/// its block and line.
type OldRow = (i64, EventRecord, Option<(i64, i64)>);

fn old_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OldRow> {
    let block: Option<i64> = r.get(11)?;
    let part: Option<i64> = r.get(12)?;
    let resources: Option<String> = r.get(10)?;
    Ok((
        r.get(0)?,
        EventRecord {
            capture: Vec::new(),
            event_id: r.get(1)?,
            account_id: r.get(2)?,
            time_ms: r.get(3)?,
            event_name: r.get(4)?,
            event_source: r.get(5)?,
            read_only: r.get(6)?,
            username: r.get(7)?,
            access_key_id: r.get(8)?,
            json: r.get(9)?,
            resources: resources
                .and_then(|t| serde_json::from_str::<Vec<[String; 2]>>(&t).ok())
                .unwrap_or_default()
                .into_iter()
                .map(|[resource_type, resource_name]| EventResource {
                    resource_type,
                    resource_name,
                })
                .collect(),
        },
        block.zip(part),
    ))
}

/// The former layout's record blocks (newline-separated records, LZ4), read while upgrading.
#[derive(Default)]
struct OldBlocks {
    block: Option<(i64, String)>,
}

impl OldBlocks {
    fn record(
        &mut self,
        conn: &Connection,
        inline: String,
        place: Option<(i64, i64)>,
    ) -> Result<String, StoreError> {
        let Some((block, part)) = place else {
            return Ok(inline);
        };
        if self.block.as_ref().is_none_or(|(id, _)| *id != block) {
            let data: Vec<u8> = conn
                .query_row(
                    "SELECT data FROM event_blocks WHERE id = ?1",
                    [block],
                    |r| r.get(0),
                )
                .map_err(err)?;
            let text = lz4_flex::decompress_size_prepended(&data)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| corrupt_block(block))?;
            self.block = Some((block, text));
        }
        self.block
            .as_ref()
            .and_then(|(_, text)| text.split('\n').nth(usize::try_from(part).ok()?))
            .map(str::to_string)
            .ok_or_else(|| StoreError(format!("event block {block} has no record {part}")))
    }
}

/// INVARIANT (postings-derived): postings are never needed to keep an event; they are written
/// apart from the events' transactions and rebuilt from the events past `event_index.upto` at
/// open (ARCHITECTURE.md, invariant 58).
///
/// The postings of the events committed since the last window, kept in memory by the indexer
/// thread (the store's writer hands it what each commit stored: `ToPost`) and written to the
/// postings' database (`take_window`, `write_windows`) about once per `POSTINGS_WINDOW`, at
/// `flush_postings` and at shutdown (lookups read what they do not cover yet from the log).
/// What a crash loses of them is rebuilt at open from the events past `event_index.upto`
/// (`index_unposted`).
#[derive(Default)]
pub(crate) struct Postings {
    /// By "account \x1f attribute \x1f value" (one string: looked up through `scratch`
    /// without allocating, as most events repeat the same values).
    lists: HashMap<String, Posting, foldhash::fast::RandomState>,
    /// Lists that reached `POSTING_SEQS`, closed.
    full: Vec<Posting>,
    scratch: String,
    /// `seq`s listed in all (for the size bound), and when the first was.
    entries: usize,
    since: Option<std::time::Instant>,
    /// The largest `seq` of a committed transaction whose events are listed here.
    pub(crate) upto: i64,
}

/// What a commit stored, for the indexer to post (`Postings::post_all`): the store's writer only
/// moves it over, so that listing postings (hashing every value of every event) is not part
/// of the one thread every durable write waits for.
pub(crate) enum ToPost {
    /// An event inserted one by one (a write's), and the first `seq` of its block.
    Event {
        seq: i64,
        block_first: i64,
        record: EventRecord,
    },
    /// The postings of a prepared batch (`prepare_events`), its first event at `base`.
    Prepared { postings: Postings, base: i64 },
    /// An event inserted from a record its request keeps (`EventWriter::insert_copied`): its
    /// entry's body as stored (`encode_body`), and the first `seq` of its block.
    Entry {
        seq: i64,
        block_first: i64,
        body: Vec<u8>,
    },
}

/// Where the writer put events it committed before their requests completed them
/// (`PendingEvent::take_marked`), by (account, event ID): each is replaced once complete
/// (`EventWriter::replace`).
#[derive(Default)]
pub(crate) struct Provisional(HashMap<(String, String), i64>);

/// Provisional events remembered at most (a request that never completes its event leaves
/// one behind).
const PROVISIONAL_KEPT: usize = 10_000;

impl Provisional {
    fn remember(&mut self, e: &EventRecord, seq: i64) {
        if self.0.len() >= PROVISIONAL_KEPT {
            self.0.clear();
        }
        self.0
            .insert((e.account_id.clone(), e.event_id.clone()), seq);
    }

    fn take(&mut self, e: &EventRecord) -> Option<i64> {
        self.0.remove(&(e.account_id.clone(), e.event_id.clone()))
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A window of postings on its way to the postings' database: its lists, in key order, and
/// the last `seq` every event up to which is then posted.
pub(crate) struct Window {
    lists: Vec<Posting>,
    pub(crate) upto: i64,
}

/// Writes windows of postings in one transaction of the postings' database, and
/// `event_index.upto` as the last one says.
pub(crate) fn write_windows(
    postings: &mut Connection,
    windows: &[Window],
) -> Result<(), StoreError> {
    let Some(last) = windows.last() else {
        return Ok(());
    };
    let tx = postings.transaction().map_err(err)?;
    for w in windows {
        write_lists(&tx, &w.lists)?;
    }
    set_indexed_upto(&tx, last.upto)?;
    tx.commit().map_err(err)
}

/// Deletes the postings whose every event retention deleted (those at or before `last_seq`);
/// one that also lists later events stays (a lookup skips the `seq`s it cannot read). One pass
/// over the table (no index by `seq`, which every posting written would pay for), once per
/// retention run (the writer hands over its last batch's `seq`), on the indexer's thread.
pub(crate) fn prune_postings(postings: &Connection, last_seq: i64) -> Result<(), StoreError> {
    postings
        .execute(
            "DELETE FROM event_postings WHERE last_seq <= ?1",
            [last_seq],
        )
        .map(|_| ())
        .map_err(err)
}

/// What an event is posted under, borrowed from its record or from its encoded entry (the
/// events a request thread queued already encoded: `queue_event`).
#[derive(Clone, Copy)]
pub(crate) struct Posted<'a> {
    pub(crate) event_id: &'a str,
    pub(crate) account_id: &'a str,
    pub(crate) time_ms: i64,
    pub(crate) event_name: &'a str,
    pub(crate) event_source: &'a str,
    pub(crate) read_only: bool,
    pub(crate) username: Option<&'a str>,
    pub(crate) access_key_id: Option<&'a str>,
    pub(crate) resources: PostedResources<'a>,
}

/// An event's resources: its record's, or the (type, name) pairs of its encoded entry.
#[derive(Clone, Copy)]
pub(crate) enum PostedResources<'a> {
    Record(&'a [EventResource]),
    Encoded { count: u64, data: &'a [u8] },
}

impl<'a> PostedResources<'a> {
    /// Whether they are `other`'s: encoded ones compared as their bytes, without reading them.
    fn same_as(&self, other: &PostedResources<'_>) -> bool {
        match (self, other) {
            (
                PostedResources::Encoded { count, data },
                PostedResources::Encoded { count: c, data: d },
            ) => count == c && data == d,
            _ => self.iter().eq(other.iter()),
        }
    }

    /// (type, name) of each.
    fn iter(&self) -> ResourceIter<'a> {
        match *self {
            PostedResources::Record(list) => ResourceIter {
                record: list.iter(),
                entry: EntryReader { data: &[], at: 0 },
                left: 0,
            },
            PostedResources::Encoded { count, data } => ResourceIter {
                record: [].iter(),
                entry: EntryReader { data, at: 0 },
                left: count,
            },
        }
    }
}

/// `PostedResources::iter`.
struct ResourceIter<'a> {
    record: std::slice::Iter<'a, EventResource>,
    entry: EntryReader<'a>,
    left: u64,
}

impl<'a> Iterator for ResourceIter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.record.next() {
            return Some((&r.resource_type, &r.resource_name));
        }
        self.left = self.left.checked_sub(1)?;
        Some((self.entry.borrowed_str()?, self.entry.borrowed_str()?))
    }
}

impl<'a> Posted<'a> {
    /// What a capture is rendered with (`RecordBody::Capture`).
    fn indexed(&self) -> iam_core::audit::Indexed<'a> {
        iam_core::audit::Indexed {
            event_id: self.event_id,
            account_id: self.account_id,
            time_ms: self.time_ms,
            event_name: self.event_name,
            event_source: self.event_source,
            read_only: self.read_only,
        }
    }

    /// Each (attribute, value) the event is posted under.
    fn each_posting(&self, put: impl FnMut(i64, &'a str)) {
        self.each_posting_unlike(None, put);
    }

    /// Each (attribute, value) the event is posted under that `previous` (an event of the
    /// same account, if any) is not: in a block, consecutive events mostly differ in little
    /// but their event ID's prefix and resources, and a value of the previous one is already
    /// counted (`BlockPostings::add`).
    fn each_posting_unlike(
        &self,
        previous: Option<&Posted<'a>>,
        mut put: impl FnMut(i64, &'a str),
    ) {
        let previous = previous.filter(|p| p.account_id == self.account_id);
        let mut post = |attr: i64, value: &'a str, before: Option<&str>| {
            if before != Some(value) {
                put(attr, value);
            }
        };
        post(attr::ANY, "", previous.map(|_| ""));
        post(
            attr::EVENT_ID,
            id_prefix(self.event_id),
            previous.map(|p| id_prefix(p.event_id)),
        );
        post(attr::NAME, self.event_name, previous.map(|p| p.event_name));
        post(
            attr::SOURCE,
            self.event_source,
            previous.map(|p| p.event_source),
        );
        post(
            attr::READ_ONLY,
            if self.read_only { "true" } else { "false" },
            previous.map(|p| if p.read_only { "true" } else { "false" }),
        );
        if let Some(u) = self.username {
            post(attr::USER, u, previous.and_then(|p| p.username));
        }
        if let Some(k) = self.access_key_id {
            post(attr::KEY, k, previous.and_then(|p| p.access_key_id));
        }
        if !previous.is_some_and(|p| p.resources.same_as(&self.resources)) {
            for (resource_type, resource_name) in self.resources.iter() {
                post(attr::RESOURCE_NAME, resource_name, None);
                post(attr::RESOURCE_TYPE, resource_type, None);
            }
        }
    }

    /// Whether the event is posted under (`attr`, `value`): what `each_posting` lists, asked
    /// of one attribute (a lookup asks it of every entry of the blocks it reads).
    fn is_posted_under(&self, attr: i64, value: &str) -> bool {
        match attr {
            attr::ANY => value.is_empty(),
            attr::EVENT_ID => id_prefix(self.event_id) == value,
            attr::NAME => self.event_name == value,
            attr::SOURCE => self.event_source == value,
            attr::READ_ONLY => value == if self.read_only { "true" } else { "false" },
            attr::USER => self.username == Some(value),
            attr::KEY => self.access_key_id == Some(value),
            attr::RESOURCE_NAME => self.resources.iter().any(|(_, name)| name == value),
            attr::RESOURCE_TYPE => self.resources.iter().any(|(kind, _)| kind == value),
            _ => false,
        }
    }
}

impl<'a> From<&'a EventRecord> for Posted<'a> {
    fn from(e: &'a EventRecord) -> Self {
        Posted {
            event_id: &e.event_id,
            account_id: &e.account_id,
            time_ms: e.time_ms,
            event_name: &e.event_name,
            event_source: &e.event_source,
            read_only: e.read_only,
            username: e.username.as_deref(),
            access_key_id: e.access_key_id.as_deref(),
            resources: PostedResources::Record(&e.resources),
        }
    }
}

struct Posting {
    /// `list_hash` of the rest of its key.
    list: i64,
    account: String,
    attr: i64,
    value: String,
    seqs: Vec<i64>,
    min_time: i64,
    max_time: i64,
}

/// Blocks (`seq`s) in one posting row at most: a lookup reads the blocks of a posting it visits
/// until its page is full, skipping those older than the page, so a row stays a few hundred
/// kilobytes of log to decompress at most.
const POSTING_SEQS: usize = 128;

/// How long postings wait in the writer's memory at most before it hands them to the indexer.
pub(crate) const POSTINGS_WINDOW: std::time::Duration = std::time::Duration::from_secs(1);

/// `seq`s kept in memory at most before the writer hands them to the indexer (≈ 2 MB).
const POSTINGS_BOUND: usize = 200_000;

/// The key of (account, attribute, value) in `Postings::lists`, written into `scratch`. Built
/// by hand: `write!` costs more than the rest of the lookup.
fn list_key(scratch: &mut String, account: &str, attr: i64, value: &str) {
    scratch.clear();
    scratch.push_str(account);
    scratch.push('\x1f');
    scratch.push(char::from(b'0' + attr as u8));
    scratch.push('\x1f');
    scratch.push_str(value);
}

impl Postings {
    /// Lists event `seq`, of the block that starts at `block_first`, under each (account,
    /// attribute, value) it has — once per block: a list that already holds an earlier event
    /// of the same block covers this one too, since a lookup reads a listed event's block on
    /// from it (`Blocks::matching`). An event stored before the list's last (a replaced
    /// one) is listed as it is.
    pub(crate) fn add(&mut self, seq: i64, block_first: i64, e: &Posted<'_>) {
        e.each_posting(|attr, value| {
            self.list(
                e.account_id,
                attr,
                value,
                seq,
                block_first,
                (e.time_ms, e.time_ms),
            );
        });
    }

    /// Lists event `seq` (of the block that starts at `block_first`) under (account, `attr`,
    /// `value`) unless the list already holds an earlier event of its block (see `add`), and
    /// widens the list's times to `(min, max)`.
    fn list(
        &mut self,
        account: &str,
        attr: i64,
        value: &str,
        seq: i64,
        block_first: i64,
        (min_time, max_time): (i64, i64),
    ) {
        if self.since.is_none() {
            self.since = Some(std::time::Instant::now());
        }
        list_key(&mut self.scratch, account, attr, value);
        let p = match self.lists.get_mut(self.scratch.as_str()) {
            Some(p) => p,
            None => self.lists.entry(self.scratch.clone()).or_insert(Posting {
                list: list_hash(account, attr, value),
                account: account.to_string(),
                attr,
                value: value.to_string(),
                seqs: Vec::new(),
                min_time,
                max_time,
            }),
        };
        let listed = p
            .seqs
            .last()
            .is_some_and(|&last| last >= block_first && last <= seq);
        if !listed {
            if p.seqs.len() >= POSTING_SEQS {
                let closed = Posting {
                    list: p.list,
                    account: p.account.clone(),
                    attr,
                    value: p.value.clone(),
                    seqs: std::mem::take(&mut p.seqs),
                    min_time: p.min_time,
                    max_time: p.max_time,
                };
                self.full.push(closed);
                p.min_time = min_time;
                p.max_time = max_time;
            }
            p.seqs.push(seq);
            self.entries += 1;
        }
        p.min_time = p.min_time.min(min_time);
        p.max_time = p.max_time.max(max_time);
    }

    /// Adds the lists of a prepared batch (`prepare_events`, whose `seq`s are the events'
    /// places in the batch), its first event at `base`: one lookup per list, not per event.
    fn absorb(&mut self, prepared: Postings, base: i64) {
        if self.since.is_none() {
            self.since = Some(std::time::Instant::now());
        }
        let Postings {
            lists, mut full, ..
        } = prepared;
        full.extend(lists.into_values());
        for mut list in full {
            for seq in &mut list.seqs {
                *seq += base;
            }
            self.entries += list.seqs.len();
            list_key(&mut self.scratch, &list.account, list.attr, &list.value);
            let Some(p) = self.lists.get_mut(self.scratch.as_str()) else {
                self.lists.insert(self.scratch.clone(), list);
                continue;
            };
            if p.seqs.len() + list.seqs.len() > POSTING_SEQS {
                // Closed as it stands; the batch's list goes on in its place.
                self.full.push(std::mem::replace(p, list));
            } else {
                p.seqs.extend_from_slice(&list.seqs);
                p.min_time = p.min_time.min(list.min_time);
                p.max_time = p.max_time.max(list.max_time);
            }
        }
    }

    /// Closes the window: its lists, in key order (so that the indexer's inserts walk the
    /// postings' B-tree once instead of dirtying a page each: a window's user names are random
    /// against the tree's), and every event committed so far (`upto`). New events start new
    /// lists.
    pub(crate) fn take_window(&mut self) -> Window {
        let mut lists = std::mem::take(&mut self.full);
        lists.extend(self.lists.drain().map(|(_, p)| p));
        lists.retain(|p| !p.seqs.is_empty());
        lists.sort_unstable_by_key(|p| (p.list, p.max_time));
        self.entries = 0;
        self.since = None;
        Window {
            lists,
            upto: self.upto,
        }
    }

    /// Lists what commits stored, in their order, and empties `items`: the events of a block
    /// (a write's, inserted one by one) are listed with what they share once, as
    /// `prepare_events` lists a prepared block's.
    pub(crate) fn post_all(&mut self, items: &mut Vec<ToPost>) {
        // The prepared batches' postings, taken out first: the events are read borrowed.
        let prepared: Vec<(Postings, i64)> = items
            .iter_mut()
            .filter_map(|item| match item {
                ToPost::Prepared { postings, base } => Some((std::mem::take(postings), *base)),
                ToPost::Event { .. } | ToPost::Entry { .. } => None,
            })
            .collect();
        let mut prepared = prepared.into_iter();
        let mut block = BlockPostings::default();
        for item in items.iter() {
            match item {
                ToPost::Event {
                    seq,
                    block_first,
                    record,
                } => block.add(self, *seq, *block_first, &Posted::from(record), false),
                ToPost::Entry {
                    seq,
                    block_first,
                    body,
                } => match (EntryReader { data: body, at: 0 }).posted() {
                    Some(posted) => block.add(self, *seq, *block_first, &posted, false),
                    // Encoded by the writer a moment ago: never malformed; said if it were.
                    None => tracing::error!(seq, "audit event entry not posted: malformed"),
                },
                ToPost::Prepared { .. } => {
                    block.list_into(self);
                    if let Some((postings, base)) = prepared.next() {
                        self.absorb(postings, base);
                    }
                }
            }
        }
        block.list_into(self);
        items.clear();
    }

    /// Whether they have waited long enough, or grown large enough, to be written.
    pub(crate) fn due(&self) -> bool {
        self.entries >= POSTINGS_BOUND || self.since.is_some_and(|t| t.elapsed() >= POSTINGS_WINDOW)
    }

    /// How long until `due` (by time), if any are waiting.
    pub(crate) fn due_in(&self) -> Option<std::time::Duration> {
        self.since
            .filter(|_| self.entries > 0)
            .map(|t| POSTINGS_WINDOW.saturating_sub(t.elapsed()))
    }

    /// Writes every posting, and `event_index.upto` = `upto` (every event up to it is posted
    /// once this transaction commits). The lists stay until `clear` (after the commit).
    fn write(&self, tx: &rusqlite::Transaction<'_>, upto: i64) -> Result<(), StoreError> {
        write_lists(tx, self.full.iter().chain(self.lists.values()))?;
        set_indexed_upto(tx, upto)
    }

    /// Forgets what was written (its transaction committed).
    fn clear(&mut self) {
        self.lists.clear();
        self.full.clear();
        self.entries = 0;
        self.since = None;
    }
}

/// The (account, attribute, value)s of the events of one block, each with its first event: a
/// block's events mostly share their values (the same caller, action, source), so
/// `prepare_events` and `Postings::post_all` list each once per block instead of hashing every
/// value of every event (`Postings::add`) — the same lists, as a list holds an event once per
/// block anyway. Every value is listed with the times of all the block's events counted in:
/// a list's times are bounds a lookup skips by, and a block spans one window (milliseconds).
#[derive(Default)]
struct BlockPostings<'a> {
    distinct: Vec<Distinct<'a>>,
    /// The first `seq` of the block they are of.
    block_first: Option<i64>,
    /// The earliest and latest time of the events counted in.
    times: (i64, i64),
    /// The last event counted in: its values are in `distinct`.
    previous: Option<Posted<'a>>,
}

struct Distinct<'a> {
    account: &'a str,
    attr: i64,
    value: &'a str,
    first: i64,
}

/// Distinct values kept per block before they are listed (a block of events that share
/// little would otherwise make each event's search long).
const BLOCK_DISTINCT: usize = 48;

impl<'a> BlockPostings<'a> {
    /// Counts event `seq`, of the block that starts at `block_first`, in: a value the previous
    /// event had is skipped unsearched, another is searched for among those already seen in
    /// the block. What it holds is listed into `postings` first when the event starts another
    /// block, or when it holds `BLOCK_DISTINCT` values.
    /// `same`: the event's fields but its event ID and time are the previous one's (read as
    /// bytes: `EntryReader::posted_after`), so only its event ID's prefix can be new.
    fn add(
        &mut self,
        postings: &mut Postings,
        seq: i64,
        block_first: i64,
        e: &Posted<'a>,
        same: bool,
    ) {
        if self.block_first != Some(block_first) || self.distinct.len() >= BLOCK_DISTINCT {
            self.list_into(postings);
            self.block_first = Some(block_first);
            self.times = (e.time_ms, e.time_ms);
        }
        self.times = (self.times.0.min(e.time_ms), self.times.1.max(e.time_ms));
        let distinct = &mut self.distinct;
        // A value already counted in this block is not searched for again.
        let mut count_in = |attr: i64, value: &'a str| {
            let seen = distinct
                .iter()
                .any(|d| d.attr == attr && d.value == value && d.account == e.account_id);
            if !seen {
                distinct.push(Distinct {
                    account: e.account_id,
                    attr,
                    value,
                    first: seq,
                });
            }
        };
        match &self.previous {
            Some(previous) if same => {
                let prefix = id_prefix(e.event_id);
                if prefix != id_prefix(previous.event_id) {
                    count_in(attr::EVENT_ID, prefix);
                }
            }
            previous => e.each_posting_unlike(previous.as_ref(), count_in),
        }
        self.previous = Some(*e);
    }

    /// Lists what it holds into `postings` (each value once, at its first event), and empties.
    fn list_into(&mut self, postings: &mut Postings) {
        self.previous = None;
        let Some(block_first) = self.block_first else {
            return;
        };
        for d in self.distinct.drain(..) {
            postings.list(d.account, d.attr, d.value, d.first, block_first, self.times);
        }
    }
}

/// Inserts posting rows, each list's `seq`s ascending.
fn write_lists<'a>(
    tx: &rusqlite::Transaction<'_>,
    lists: impl IntoIterator<Item = &'a Posting>,
) -> Result<(), StoreError> {
    let mut insert = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO event_postings \
             (list, max_time, last_seq, account, attr, value, min_time, seqs) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(err)?;
    let mut sorted = Vec::new();
    for p in lists {
        if p.seqs.is_empty() {
            continue;
        }
        // A replaced event may be listed after later ones: keep the list ascending.
        let seqs = if p.seqs.is_sorted() {
            &p.seqs
        } else {
            sorted.clone_from(&p.seqs);
            sorted.sort_unstable();
            sorted.dedup();
            &sorted
        };
        let last = *seqs.last().unwrap_or(&0);
        insert
            .execute(params![
                p.list,
                p.max_time,
                last,
                p.account,
                p.attr,
                p.value,
                p.min_time,
                encode_seqs(seqs)
            ])
            .map_err(err)?;
    }
    Ok(())
}

fn set_indexed_upto(tx: &rusqlite::Transaction<'_>, upto: i64) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO event_index (id, upto) VALUES (1, ?1)")
        .and_then(|mut q| q.execute([upto]))
        .map(|_| ())
        .map_err(err)
}

/// At open, on the postings' connection with the store attached as `log`: posts the events
/// committed after the last postings written (`event_index.upto`: those of a process that
/// stopped without writing its postings; none written yet: every event) and the events
/// replaced since (`event_reposts`), so that every stored event is found. Returns the
/// `upto` the postings now cover: the caller deletes the `event_reposts` rows up to it.
pub(crate) fn index_unposted(postings: &mut Connection) -> Result<i64, StoreError> {
    // IMMEDIATE, as in `upgrade`: another handle may be writing (tests open two).
    let tx = postings
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    let upto: i64 = tx
        .query_row("SELECT upto FROM event_index WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(err)?
        .unwrap_or(0);
    let reposts: Vec<i64> = tx
        .prepare("SELECT seq FROM log.event_reposts WHERE seq <= ?1 ORDER BY seq")
        .and_then(|mut q| q.query_map([upto], |r| r.get(0))?.collect())
        .map_err(err)?;
    let mut reposted = Postings::default();
    let mut blocks = Blocks::default();
    for &seq in &reposts {
        if let Some((first, e)) = blocks.event_in_block(&tx, seq)? {
            reposted.add(seq, first, &Posted::from(&e));
        }
    }
    if !reposts.is_empty() {
        reposted.write(&tx, upto)?;
    }
    let max = max_seq(&tx)?;
    let upto = if upto < max {
        post_after(&tx, upto)?;
        max
    } else {
        set_indexed_upto(&tx, upto)?;
        upto
    };
    tx.commit().map_err(err)?;
    Ok(upto)
}

/// Lists in `postings` the events after `after` up to `upto` and the events `reposts` names,
/// read from the log (the store, attached as `log` to the indexer's connection), in one
/// snapshot: what the indexer was not handed (`FEED_BOUND` in `sqlite.rs`).
pub(crate) fn post_from_log(
    conn: &Connection,
    postings: &mut Postings,
    mut after: i64,
    upto: i64,
    reposts: &[i64],
) -> Result<(), StoreError> {
    let snapshot = conn.unchecked_transaction().map_err(err)?;
    'blocks: while after < upto {
        let blocks = blocks_after(&snapshot, after, 2_048)?;
        if blocks.is_empty() {
            break;
        }
        for (first, events) in blocks {
            for (seq, e) in events {
                if seq > upto {
                    break 'blocks;
                }
                postings.add(seq, first, &Posted::from(&e));
                after = seq;
            }
        }
    }
    let mut blocks = Blocks::default();
    for &seq in reposts {
        if let Some((first, e)) = blocks.event_in_block(&snapshot, seq)? {
            postings.add(seq, first, &Posted::from(&e));
        }
    }
    Ok(())
}

/// Writes the postings of every event after `after`, 1,000 events at a time.
fn post_after(tx: &rusqlite::Transaction<'_>, mut after: i64) -> Result<(), StoreError> {
    let mut postings = Postings::default();
    while post_chunk(tx, &mut after, &mut postings)? {
        postings.write(tx, after)?;
        postings.clear();
    }
    set_indexed_upto(tx, after)
}

/// Adds the postings of the events of up to 64 blocks after `after` (and moves `after` past
/// them); `false` when there were none.
fn post_chunk(
    tx: &rusqlite::Transaction<'_>,
    after: &mut i64,
    postings: &mut Postings,
) -> Result<bool, StoreError> {
    let mut any = false;
    for (first, events) in blocks_after(tx, *after, 2_048)? {
        for (seq, e) in events {
            postings.add(seq, first, &Posted::from(&e));
            *after = seq;
            any = true;
        }
    }
    Ok(any)
}

/// The largest `seq` stored (0 when none): the last block's last.
pub(crate) fn max_seq(conn: &Connection) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT last_seq FROM event_log ORDER BY first_seq DESC LIMIT 1")
        .and_then(|mut q| q.query_row([], |r| r.get(0)).optional())
        .map(|s| s.unwrap_or(0))
        .map_err(err)
}

/// Ascending `seq`s as LEB128 varints of their differences (the first from 0).
fn encode_seqs(seqs: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(seqs.len() * 2);
    let mut prev = 0i64;
    for &s in seqs {
        put_varint(&mut out, (s - prev) as u64);
        prev = s;
    }
    out
}

fn decode_seqs(bytes: &[u8]) -> Vec<i64> {
    let mut reader = EntryReader { data: bytes, at: 0 };
    let mut out = Vec::new();
    let mut prev = 0i64;
    while let Some(d) = reader.varint() {
        prev += d as i64;
        out.push(prev);
    }
    out
}

/// Events in one block at most: a lookup decompresses a whole block for one of its events, so
/// blocks stay small (32 events: ~25 KB to decompress, still a fifth or less of their size
/// stored).
const BLOCK_EVENTS: i64 = 32;

/// A block being filled: its entries (`encode_body`), uncompressed.
#[derive(Default)]
struct LogBlock {
    entries: Vec<u8>,
    first_seq: i64,
    last_seq: Option<i64>,
    events: i64,
    max_time: i64,
}

impl LogBlock {
    fn push(&mut self, seq: i64, e: &EventRecord) {
        self.push_body(seq, e);
    }

    /// `push`, returning the body it encoded.
    fn push_body(&mut self, seq: i64, e: &EventRecord) -> &[u8] {
        self.start(seq, e.time_ms);
        let at = self.entries.len();
        encode_body(&mut self.entries, &e.view());
        &self.entries[at..]
    }

    /// An entry already encoded (`encode_body`), at `seq`.
    fn push_encoded(&mut self, seq: i64, time_ms: i64, body: &[u8]) {
        self.start(seq, time_ms);
        self.entries.extend_from_slice(body);
    }

    /// Counts the event `seq` at `time_ms` in and writes its `seq` offset, its entry next.
    fn start(&mut self, seq: i64, time_ms: i64) {
        if self.last_seq.is_none() {
            self.first_seq = seq;
            self.max_time = time_ms;
        }
        put_varint(&mut self.entries, (seq - self.first_seq) as u64);
        self.last_seq = Some(seq);
        self.events += 1;
        self.max_time = self.max_time.max(time_ms);
    }

    /// The block compressed (its first `seq`, events, latest time, data), and emptied.
    fn take_compressed(&mut self) -> Result<(i64, i64, i64, Vec<u8>), StoreError> {
        let data = COMPRESSED
            .with_borrow_mut(|scratch| compress(&self.entries, scratch).map(<[u8]>::to_vec))?;
        let taken = (self.first_seq, self.events, self.max_time, data);
        self.clear();
        Ok(taken)
    }

    /// Compresses and inserts the block (if it holds any event), and empties it.
    fn insert(&mut self, tx: &Connection) -> Result<(), StoreError> {
        let Some(last_seq) = self.last_seq else {
            return Ok(());
        };
        COMPRESSED.with_borrow_mut(|scratch| {
            let data = compress(&self.entries, scratch)?;
            insert_block(tx, self.first_seq, last_seq, self.max_time, data)
        })?;
        self.clear();
        Ok(())
    }

    /// Empties the block, its buffer kept.
    fn clear(&mut self) {
        self.entries.clear();
        self.last_seq = None;
        self.events = 0;
    }
}

/// Stores a compressed block of the events `first_seq..=last_seq`.
fn insert_block(
    tx: &Connection,
    first_seq: i64,
    last_seq: i64,
    max_time: i64,
    data: &[u8],
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO event_log (first_seq, last_seq, events, max_time, data) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .and_then(|mut q| {
        q.execute(params![
            first_seq,
            last_seq,
            last_seq - first_seq + 1,
            max_time,
            data
        ])
    })
    .map_err(err)?;
    Ok(())
}

thread_local! {
    /// This thread's compression output (the writer's, the preparer's, a request's that
    /// prepares the queue), reused by every block: a fresh buffer of the largest output each
    /// time cost an allocation and zeroing it, several times the block's compressed size.
    static COMPRESSED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `input` compressed in `decompress_size_prepended`'s layout (the size, u32 LE, then the
/// LZ4 block), written in `scratch`: grown when too small, never shrunk or cleared, so that
/// its bytes are zeroed once, not at every block.
fn compress<'s>(input: &[u8], scratch: &'s mut Vec<u8>) -> Result<&'s [u8], StoreError> {
    let needed = 4 + lz4_flex::block::get_maximum_output_size(input.len());
    if scratch.len() < needed {
        scratch.resize(needed, 0);
    }
    scratch[..4].copy_from_slice(&(input.len() as u32).to_le_bytes());
    let n = lz4_flex::block::compress_into(input, &mut scratch[4..needed])
        .map_err(|e| StoreError(e.to_string()))?;
    Ok(&scratch[..4 + n])
}

/// One event of a block (an *entry*) is its `seq` (as the offset from the block's first, in
/// LEB128: `LogBlock::start`), then this, its *body*: its fields (strings as their length in
/// LEB128 and their bytes, an absent one as 0 and a present one's length plus 1, `time_ms`
/// zigzag-encoded, `read_only` a byte), its resources (a count, then type and name of each)
/// and its record: its JSON (a string: never empty), or 0 and then its capture (a string:
/// `iam_core::audit::render_captured` renders it with the fields before it).
fn encode_body(out: &mut Vec<u8>, e: &RecordView<'_>) {
    put_str(out, e.event_id);
    put_str(out, e.account_id);
    put_varint(out, ((e.time_ms << 1) ^ (e.time_ms >> 63)) as u64);
    put_str(out, e.event_name);
    put_str(out, e.event_source);
    out.push(u8::from(e.read_only));
    put_opt(out, e.username);
    put_opt(out, e.access_key_id);
    put_varint(out, e.resources.len() as u64);
    for r in e.resources {
        put_str(out, &r.resource_type);
        put_str(out, &r.resource_name);
    }
    match e.record {
        // An empty JSON is kept as an empty capture, which renders as empty.
        RecordBody::Json(json) if !json.is_empty() => put_bytes(out, json),
        RecordBody::Json(_) => out.extend_from_slice(&[0, 0]),
        RecordBody::Capture(capture) => {
            out.push(0);
            put_bytes(out, capture);
        }
    }
}

/// Queued events (`queue_event`) made ready to store by the preparer thread, off the writer:
/// their blocks compressed (entries' `seq` offsets are relative, so a block is stored at any
/// `seq`) and their postings listed under their places in the batch (0, 1, …).
pub(crate) struct PreparedEvents {
    /// Each block: its first event's place in the batch, how many events, their latest time,
    /// the compressed entries.
    blocks: Vec<(i64, i64, i64, Vec<u8>)>,
    postings: Postings,
    /// How many events.
    pub(crate) count: usize,
}

/// Prepares a queue's events (`queue_event`) for `EventWriter::insert_prepared`.
pub(crate) fn prepare_events(queued: &[u8]) -> Result<PreparedEvents, StoreError> {
    let mut prepared = PreparedEvents {
        blocks: Vec::new(),
        postings: Postings::default(),
        count: 0,
    };
    let mut block = LogBlock::default();
    let mut shared = BlockPostings::default();
    let mut place = 0;
    let mut previous: Option<(Posted<'_>, &[u8])> = None;
    let mut at = 0;
    while let Some((body, next)) = queued_entry(queued, at)? {
        at = next;
        let (posted, fields, same) = EntryReader { data: body, at: 0 }
            .posted_after(previous.as_ref().map(|(p, f)| (p, *f)))
            .ok_or_else(malformed_queue)?;
        previous = Some((posted, fields));
        if block.events == BLOCK_EVENTS {
            prepared.blocks.push(block.take_compressed()?);
        }
        block.push_encoded(place, posted.time_ms, body);
        shared.add(
            &mut prepared.postings,
            place,
            block.first_seq,
            &posted,
            same,
        );
        place += 1;
    }
    shared.list_into(&mut prepared.postings);
    if block.events > 0 {
        prepared.blocks.push(block.take_compressed()?);
    }
    prepared.count = place as usize;
    Ok(prepared)
}

fn malformed_queue() -> StoreError {
    StoreError("queued audit event is malformed".into())
}

/// The body of the queued entry at `at` and where the next starts; `None` at the end.
fn queued_entry(queued: &[u8], at: usize) -> Result<Option<(&[u8], usize)>, StoreError> {
    if at >= queued.len() {
        return Ok(None);
    }
    let len = queued
        .get(at..at + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(|b| u32::from_le_bytes(b) as usize)
        .ok_or_else(malformed_queue)?;
    let body = queued
        .get(at + 4..at + 4 + len)
        .ok_or_else(malformed_queue)?;
    Ok(Some((body, at + 4 + len)))
}

/// Appends `e` to a queue of events that `prepare_events` reads: its entry's body
/// (`encode_body`) after its length (u32 LE). Done by the request thread, so that what crosses
/// to the writer is bytes in one buffer, not the ~30 small allocations of a record that the
/// writer would free (a cross-thread free costs both threads: mimalloc's thread-free lists).
pub(crate) fn queue_event(queue: &mut Vec<u8>, e: &RecordView<'_>) {
    let at = queue.len();
    queue.extend_from_slice(&[0; 4]);
    encode_body(queue, e);
    let len = (queue.len() - at - 4) as u32;
    queue[at..at + 4].copy_from_slice(&len.to_le_bytes());
}

/// How many events a queue (`queue_event`) holds.
pub(crate) fn queued_events(queue: &[u8]) -> usize {
    let mut at = 0;
    let mut n = 0;
    while let Ok(Some((_, next))) = queued_entry(queue, at) {
        at = next;
        n += 1;
    }
    n
}

/// Reads the entries `LogBlock` wrote; `None` at the first malformed byte.
struct EntryReader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> EntryReader<'a> {
    fn varint(&mut self) -> Option<u64> {
        let (mut v, mut shift) = (0u64, 0u32);
        loop {
            let b = *self.data.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
    }

    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let out = self.data.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn borrowed_str(&mut self) -> Option<&'a str> {
        self.str_like(None)
    }

    /// What an entry's body (`encode_body`, the whole of `data`) is posted under, its record
    /// left unread.
    fn posted(&mut self) -> Option<Posted<'a>> {
        self.posted_after(None).map(|(posted, _, _)| posted)
    }

    /// `posted`, the entry read after `previous` (what it is posted under, and the bytes of
    /// its fields from its name to its resources): a field whose bytes are the previous
    /// entry's is taken from it, not checked as UTF-8 again (a queue's consecutive events
    /// mostly share their caller, action and source, often their resources), and when all of
    /// them are — one comparison of their bytes — the entry is the previous one's but for its
    /// event ID and time (`true`: what `BlockPostings::add` then skips). Returns the entry's
    /// fields' bytes for the next.
    fn posted_after(
        &mut self,
        previous: Option<(&Posted<'a>, &'a [u8])>,
    ) -> Option<(Posted<'a>, &'a [u8], bool)> {
        let event_id = self.borrowed_str()?;
        let account_id = self.str_like(previous.map(|(p, _)| p.account_id))?;
        let zigzag = self.varint()?;
        let time_ms = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
        let fields_start = self.at;
        if let Some((p, fields)) = previous
            && account_id == p.account_id
            && self.data[fields_start..].starts_with(fields)
        {
            self.at += fields.len();
            let posted = Posted {
                event_id,
                time_ms,
                ..*p
            };
            return Some((posted, &self.data[fields_start..self.at], true));
        }
        let previous = previous.map(|(p, _)| p);
        let event_name = self.str_like(previous.map(|p| p.event_name))?;
        let event_source = self.str_like(previous.map(|p| p.event_source))?;
        let read_only = self.bytes(1)?[0] != 0;
        let username = self.opt_like(previous.and_then(|p| p.username))?;
        let access_key_id = self.opt_like(previous.and_then(|p| p.access_key_id))?;
        let count = self.varint()?;
        let start = self.at;
        let same_resources = previous.and_then(|p| match p.resources {
            PostedResources::Encoded { count: c, data } => (c == count).then_some(data),
            PostedResources::Record(_) => None,
        });
        match same_resources {
            Some(data) if self.data[start..].starts_with(data) => {
                self.at += data.len();
            }
            _ => {
                for _ in 0..count {
                    self.borrowed_str()?;
                    self.borrowed_str()?;
                }
            }
        }
        let posted = Posted {
            event_id,
            account_id,
            time_ms,
            event_name,
            event_source,
            read_only,
            username,
            access_key_id,
            resources: PostedResources::Encoded {
                count,
                data: &self.data[start..self.at],
            },
        };
        Some((posted, &self.data[fields_start..self.at], false))
    }

    /// The next string, `like` itself if its bytes are the same.
    fn str_like(&mut self, like: Option<&'a str>) -> Option<&'a str> {
        let len = usize::try_from(self.varint()?).ok()?;
        let bytes = self.bytes(len)?;
        match like {
            Some(s) if s.as_bytes() == bytes => Some(s),
            _ => std::str::from_utf8(bytes).ok(),
        }
    }

    /// The next optional string (absent: 0; present: its length plus 1), `like` itself if
    /// its bytes are the same.
    fn opt_like(&mut self, like: Option<&'a str>) -> Option<Option<&'a str>> {
        match self.varint()? {
            0 => Some(None),
            n => {
                let len = usize::try_from(n - 1).ok()?;
                let bytes = self.bytes(len)?;
                match like {
                    Some(s) if s.as_bytes() == bytes => Some(Some(s)),
                    _ => Some(Some(std::str::from_utf8(bytes).ok()?)),
                }
            }
        }
    }

    fn len_bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        self.bytes(len)
    }

    /// The record after an entry's fields (`encode_body`), as JSON.
    fn record(&mut self, posted: &Posted<'_>) -> Option<String> {
        match self.len_bytes()? {
            [] => {
                let capture = self.len_bytes()?;
                iam_core::audit::render_captured(posted.indexed(), capture)
            }
            json => String::from_utf8(json.to_vec()).ok(),
        }
    }

    /// The next entry's `seq` offset, skipping the rest of it (to index a block's entries).
    fn skip_entry(&mut self) -> Option<u64> {
        let offset = self.varint()?;
        self.len_bytes()?;
        self.len_bytes()?;
        self.varint()?;
        self.len_bytes()?;
        self.len_bytes()?;
        self.bytes(1)?;
        for _ in 0..2 {
            let n = usize::try_from(self.varint()?).ok()?;
            self.bytes(n.saturating_sub(1))?;
        }
        let resources = self.varint()?;
        for _ in 0..resources {
            self.len_bytes()?;
            self.len_bytes()?;
        }
        // The record: its JSON, or an empty one and then the capture.
        if self.len_bytes()?.is_empty() {
            self.len_bytes()?;
        }
        Some(offset)
    }

    fn entry(&mut self) -> Option<(u64, EventRecord)> {
        let offset = self.varint()?;
        let posted = self.posted()?;
        let json = self.record(&posted)?;
        Some((
            offset,
            EventRecord {
                capture: Vec::new(),
                event_id: posted.event_id.to_string(),
                account_id: posted.account_id.to_string(),
                time_ms: posted.time_ms,
                event_name: posted.event_name.to_string(),
                event_source: posted.event_source.to_string(),
                read_only: posted.read_only,
                username: posted.username.map(str::to_string),
                access_key_id: posted.access_key_id.map(str::to_string),
                resources: posted
                    .resources
                    .iter()
                    .map(|(resource_type, resource_name)| EventResource {
                        resource_type: resource_type.to_string(),
                        resource_name: resource_name.to_string(),
                    })
                    .collect(),
                json,
            },
        ))
    }
}

/// Every event of a block, in order, with its `seq`.
fn decode_block(first_seq: i64, data: &[u8]) -> Result<Vec<(i64, EventRecord)>, StoreError> {
    let corrupt = || corrupt_block(first_seq);
    let entries = lz4_flex::decompress_size_prepended(data).map_err(|_| corrupt())?;
    let mut reader = EntryReader {
        data: &entries,
        at: 0,
    };
    let mut out = Vec::new();
    while reader.at < entries.len() {
        let (offset, e) = reader.entry().ok_or_else(corrupt)?;
        out.push((first_seq + offset as i64, e));
    }
    Ok(out)
}

/// The statements that store events, prepared once per transaction, the transaction's block
/// of events, and what its events are to be posted under (`ToPost`, handed to the indexer once
/// the transaction commits).
pub(crate) struct EventWriter<'c, 'p> {
    tx: &'c rusqlite::Transaction<'c>,
    /// The `seq` the next event takes.
    next: i64,
    block: LogBlock,
    to_post: &'p mut Vec<ToPost>,
    provisional: &'p mut Provisional,
}

impl<'c, 'p> EventWriter<'c, 'p> {
    /// `floor`: the `seq` events must come after whatever is stored (`open_postings`).
    pub(crate) fn new(
        tx: &'c rusqlite::Transaction<'c>,
        to_post: &'p mut Vec<ToPost>,
        provisional: &'p mut Provisional,
        floor: i64,
    ) -> Result<Self, StoreError> {
        // Read in this (IMMEDIATE) transaction, under the write lock: the largest stored + 1
        // (retention never deletes the newest block), whoever wrote it.
        let next = max_seq(tx)?.max(floor) + 1;
        Ok(EventWriter {
            tx,
            next,
            block: LogBlock {
                entries: BLOCK_BUFFER.with_borrow_mut(std::mem::take),
                ..LogBlock::default()
            },
            to_post,
            provisional,
        })
    }

    /// The `seq` the next event takes, its block written first when full.
    fn next_seq(&mut self) -> Result<i64, StoreError> {
        if self.block.events == BLOCK_EVENTS {
            self.block.insert(self.tx)?;
        }
        self.next += 1;
        Ok(self.next - 1)
    }

    pub(crate) fn insert(&mut self, e: EventRecord) -> Result<(), StoreError> {
        let seq = self.next_seq()?;
        self.block.push(seq, &e);
        self.to_post.push(ToPost::Event {
            seq,
            block_first: self.block.first_seq,
            record: e,
        });
        Ok(())
    }

    /// Inserts a copy of `e`, a record its request keeps and frees (`PendingEvent::take_with`):
    /// its entry, and a copy of its body to post, one buffer instead of a record's dozen.
    pub(crate) fn insert_copied(&mut self, e: &EventRecord) -> Result<(), StoreError> {
        let seq = self.next_seq()?;
        let body = self.block.push_body(seq, e).to_vec();
        self.to_post.push(ToPost::Entry {
            seq,
            block_first: self.block.first_seq,
            body,
        });
        Ok(())
    }

    /// Inserts an event its request has not completed yet (`PendingEvent::take_marked`),
    /// remembering where, for its replacement.
    pub(crate) fn insert_provisional(&mut self, e: EventRecord) -> Result<(), StoreError> {
        self.provisional.remember(&e, self.next);
        self.insert(e)
    }

    /// Inserts a prepared batch (`prepare_events`): its blocks as they are, at the next
    /// `seq`s, and its postings.
    pub(crate) fn insert_prepared(&mut self, prepared: PreparedEvents) -> Result<(), StoreError> {
        // The block being filled ends here: the batch's blocks follow it.
        self.block.insert(self.tx)?;
        let base = self.next;
        for (first, events, max_time, data) in &prepared.blocks {
            let first_seq = base + first;
            insert_block(self.tx, first_seq, first_seq + events - 1, *max_time, data)?;
        }
        self.next = base + prepared.count as i64;
        self.to_post.push(ToPost::Prepared {
            postings: prepared.postings,
            base,
        });
        Ok(())
    }

    /// Replaces the stored provisional copy of `e` (same event ID and account: `insert_provisional`)
    /// in its block, keeping its `seq`; its new values are posted like a new event's, and
    /// listed in `event_reposts` in this transaction, so that a crash before the indexer
    /// wrote them posts them again at open (the old postings stay, and lookups drop what no
    /// longer matches). Not found (the store restarted since): inserted.
    pub(crate) fn replace(&mut self, e: EventRecord) -> Result<(), StoreError> {
        self.block.insert(self.tx)?;
        let seq = match self.provisional.take(&e) {
            Some(seq) => Some(seq),
            None => self.stored_seq(&e)?,
        };
        let Some(seq) = seq else {
            return self.insert(e);
        };
        let (first_seq, data): (i64, Vec<u8>) = self
            .tx
            .query_row(
                "SELECT first_seq, data FROM event_log WHERE first_seq <= ?1 \
                 ORDER BY first_seq DESC LIMIT 1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(err)?;
        let mut block = LogBlock::default();
        for (s, old) in decode_block(first_seq, &data)? {
            block.push(s, if s == seq { &e } else { &old });
        }
        let mut scratch = Vec::new();
        let out = compress(&block.entries, &mut scratch)?;
        self.tx
            .execute(
                "UPDATE event_log SET data = ?2, max_time = ?3 WHERE first_seq = ?1",
                params![first_seq, out, block.max_time],
            )
            .map_err(err)?;
        self.tx
            .execute(
                "INSERT OR IGNORE INTO event_reposts (seq) VALUES (?1)",
                [seq],
            )
            .map_err(err)?;
        self.to_post.push(ToPost::Event {
            seq,
            block_first: first_seq,
            record: e,
        });
        Ok(())
    }

    /// The `seq` of the stored event with `e`'s event ID and account, for a replacement of
    /// an event not committed as provisional by this process: the newest blocks that can
    /// hold it (their latest time at or after its own), newest first. Not a path of the
    /// server's (its replacements are of provisional events), so it scans.
    fn stored_seq(&self, e: &EventRecord) -> Result<Option<i64>, StoreError> {
        let mut q = self
            .tx
            .prepare_cached(
                "SELECT first_seq, data FROM event_log WHERE max_time >= ?1 \
                 ORDER BY first_seq DESC",
            )
            .map_err(err)?;
        let mut rows = q.query([e.time_ms]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            let first_seq: i64 = row.get(0).map_err(err)?;
            let data: Vec<u8> = row.get(1).map_err(err)?;
            for (seq, stored) in decode_block(first_seq, &data)? {
                if stored.event_id == e.event_id && stored.account_id == e.account_id {
                    return Ok(Some(seq));
                }
            }
        }
        Ok(None)
    }

    /// Writes the transaction's last block (before its COMMIT).
    pub(crate) fn finish(mut self) -> Result<(), StoreError> {
        self.block.insert(self.tx)?;
        // The buffer goes back for the next transaction, its capacity kept.
        let entries = std::mem::take(&mut self.block.entries);
        BLOCK_BUFFER.with_borrow_mut(|b| *b = entries);
        Ok(())
    }

    /// The largest `seq` taken so far (this transaction's last event's).
    pub(crate) fn last_seq(&self) -> i64 {
        self.next - 1
    }
}

thread_local! {
    /// The writer thread's block being filled, its capacity reused by every transaction.
    static BLOCK_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A decompressed block: its last `seq`, its entries, and each entry's `seq` and offset.
type CachedBlock = (i64, Vec<u8>, Vec<(i64, usize)>);

/// Blocks read while one read resolves its events: each decompressed once, its entries
/// indexed (their `seq` and where they start) and decoded one by one as they are asked for.
#[derive(Default)]
pub(crate) struct Blocks {
    /// By first `seq`.
    cache: HashMap<i64, CachedBlock>,
}

impl Blocks {
    /// Blocks kept at most.
    const KEPT: usize = 64;

    /// The block holding `seq` (its first `seq` and its entries), read and indexed once
    /// (`None`: deleted by retention, or never stored).
    fn block_of(
        &mut self,
        conn: &Connection,
        seq: i64,
    ) -> Result<Option<(i64, &CachedBlock)>, StoreError> {
        let cached = self
            .cache
            .iter()
            .find(|(first, (last, _, _))| **first <= seq && seq <= *last)
            .map(|(first, _)| *first);
        let first = match cached {
            Some(first) => first,
            None => {
                let found: Option<(i64, i64, Vec<u8>)> = conn
                    .prepare_cached(
                        "SELECT first_seq, last_seq, data FROM event_log WHERE first_seq <= ?1 \
                         ORDER BY first_seq DESC LIMIT 1",
                    )
                    .and_then(|mut q| {
                        q.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                            .optional()
                    })
                    .map_err(err)?;
                let Some((first, last, data)) = found.filter(|(_, last, _)| seq <= *last) else {
                    return Ok(None);
                };
                let entries =
                    lz4_flex::decompress_size_prepended(&data).map_err(|_| corrupt_block(first))?;
                let mut reader = EntryReader {
                    data: &entries,
                    at: 0,
                };
                let mut index = Vec::new();
                while reader.at < entries.len() {
                    let at = reader.at;
                    let offset = reader.skip_entry().ok_or_else(|| corrupt_block(first))?;
                    index.push((first + offset as i64, at));
                }
                if self.cache.len() >= Self::KEPT {
                    self.cache.clear();
                }
                self.cache.insert(first, (last, entries, index));
                first
            }
        };
        Ok(self.cache.get(&first).map(|block| (first, block)))
    }

    /// The events of `seq`'s block from `seq` on that `wanted` accepts, asked with each one's
    /// `seq` and fields (no record decoded): their `seq` and time, in `seq` order; none when
    /// the block is not stored.
    pub(crate) fn matching(
        &mut self,
        conn: &Connection,
        seq: i64,
        mut wanted: impl FnMut(i64, &Posted<'_>) -> bool,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let Some((first, (_, entries, index))) = self.block_of(conn, seq)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for &(s, at) in index.iter().filter(|(s, _)| *s >= seq) {
            let mut fields = EntryReader { data: entries, at };
            let posted = fields
                .varint()
                .and_then(|_| fields.posted())
                .ok_or_else(|| corrupt_block(first))?;
            if wanted(s, &posted) {
                out.push((s, posted.time_ms));
            }
        }
        Ok(out)
    }

    /// The event `seq`, if stored (`None`: deleted by retention, or never stored).
    pub(crate) fn event(
        &mut self,
        conn: &Connection,
        seq: i64,
    ) -> Result<Option<EventRecord>, StoreError> {
        Ok(self.event_in_block(conn, seq)?.map(|(_, e)| e))
    }

    /// The event `seq` and the first `seq` of its block, if stored.
    fn event_in_block(
        &mut self,
        conn: &Connection,
        seq: i64,
    ) -> Result<Option<(i64, EventRecord)>, StoreError> {
        let Some((first, (_, entries, index))) = self.block_of(conn, seq)? else {
            return Ok(None);
        };
        let Some(&(_, at)) = index.iter().find(|(s, _)| *s == seq) else {
            return Ok(None);
        };
        EntryReader { data: entries, at }
            .entry()
            .map(|(_, e)| Some((first, e)))
            .ok_or_else(|| corrupt_block(first))
    }
}

/// A block whose data does not decode.
fn corrupt_block(first_seq: i64) -> StoreError {
    StoreError(format!("event block {first_seq} is corrupt"))
}

/// The latest time of the events of `seq`'s block, read without its data (`None`: not stored).
fn block_max_time(conn: &Connection, seq: i64) -> Result<Option<i64>, StoreError> {
    conn.prepare_cached(
        "SELECT last_seq, max_time FROM event_log WHERE first_seq <= ?1 \
         ORDER BY first_seq DESC LIMIT 1",
    )
    .and_then(|mut q| {
        q.query_row([seq], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .optional()
    })
    .map(|found| found.filter(|(last, _)| seq <= *last).map(|(_, t)| t))
    .map_err(err)
}

/// Events with `seq > after`, oldest first, about `limit` of them (whole blocks: at least
/// `limit` unless fewer are stored).
pub(crate) fn events_after(
    conn: &Connection,
    after: i64,
    limit: usize,
) -> Result<Vec<(i64, EventRecord)>, StoreError> {
    Ok(blocks_after(conn, after, limit)?
        .into_iter()
        .flat_map(|(_, events)| events)
        .collect())
}

/// `events_after` by block: each block's first `seq` and its events past `after`.
#[allow(clippy::type_complexity)]
fn blocks_after(
    conn: &Connection,
    after: i64,
    limit: usize,
) -> Result<Vec<(i64, Vec<(i64, EventRecord)>)>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT first_seq, data FROM event_log WHERE last_seq > ?1 \
             AND first_seq >= COALESCE((SELECT first_seq FROM event_log WHERE first_seq <= ?1 \
             ORDER BY first_seq DESC LIMIT 1), 0) ORDER BY first_seq",
        )
        .map_err(err)?;
    let mut rows = stmt.query([after]).map_err(err)?;
    let mut out = Vec::new();
    let mut n = 0;
    while let Some(row) = rows.next().map_err(err)? {
        let first: i64 = row.get(0).map_err(err)?;
        let data: Vec<u8> = row.get(1).map_err(err)?;
        let events: Vec<_> = decode_block(first, &data)?
            .into_iter()
            .filter(|(seq, _)| *seq > after)
            .collect();
        n += events.len();
        out.push((first, events));
        if n >= limit {
            break;
        }
    }
    Ok(out)
}

/// Events with `seq < before` (all when `None`), newest first, blocks read from the end until
/// `keep` says stop (it sees each event; `false` ends the walk).
pub(crate) fn events_backwards(
    conn: &Connection,
    before: Option<i64>,
    mut keep: impl FnMut(i64, EventRecord) -> bool,
) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT first_seq, data FROM event_log WHERE first_seq < ?1 ORDER BY first_seq DESC",
        )
        .map_err(err)?;
    let mut rows = stmt.query([before.unwrap_or(i64::MAX)]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let first: i64 = row.get(0).map_err(err)?;
        let data: Vec<u8> = row.get(1).map_err(err)?;
        for (seq, e) in decode_block(first, &data)?.into_iter().rev() {
            if before.is_some_and(|b| seq >= b) {
                continue;
            }
            if !keep(seq, e) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Whole events with `seq > after`, oldest first, at most `limit` (`iamd migrate`).
pub(crate) fn full_events(
    conn: &Connection,
    after: i64,
    limit: usize,
) -> Result<Vec<StoredEvent>, StoreError> {
    let mut events = events_after(conn, after, limit)?;
    events.truncate(limit);
    Ok(events
        .into_iter()
        .map(|(seq, record)| StoredEvent { seq, record })
        .collect())
}

/// The posting list a lookup walks: (attribute, value).
fn posting_key(a: &Option<LookupAttribute>) -> (i64, String) {
    match a {
        None => (attr::ANY, String::new()),
        Some(LookupAttribute::EventId(v)) => (attr::EVENT_ID, id_prefix(v).to_string()),
        Some(LookupAttribute::EventName(v)) => (attr::NAME, v.clone()),
        Some(LookupAttribute::EventSource(v)) => (attr::SOURCE, v.clone()),
        Some(LookupAttribute::ReadOnly(v)) => (attr::READ_ONLY, v.to_string()),
        Some(LookupAttribute::Username(v)) => (attr::USER, v.clone()),
        Some(LookupAttribute::AccessKeyId(v)) => (attr::KEY, v.clone()),
        Some(LookupAttribute::ResourceName(v)) => (attr::RESOURCE_NAME, v.clone()),
        Some(LookupAttribute::ResourceType(v)) => (attr::RESOURCE_TYPE, v.clone()),
    }
}

/// The postings walk of a lookup (newest first by their latest time); `EXPLAIN QUERY PLAN`
/// of it is checked to search the postings' primary key.
pub(crate) const POSTINGS_SQL: &str = "SELECT max_time, min_time, seqs FROM event_postings \
     WHERE list = ?1 AND max_time >= ?2 AND account = ?3 AND attr = ?4 AND value = ?5 \
     ORDER BY max_time DESC, last_seq DESC";

/// How far the postings cover (`event_index.upto`: every event up to it is posted), read on a
/// lookup's connection (the postings attached).
fn indexed_upto(conn: &Connection) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT upto FROM event_index WHERE id = 1")
        .and_then(|mut q| q.query_row([], |r| r.get(0)).optional())
        .map(|upto| upto.unwrap_or(0))
        .map_err(err)
}

/// The first `seq` of every block that holds an event after `after`, newest first.
fn blocks_since(conn: &Connection, after: i64) -> Result<Vec<i64>, StoreError> {
    conn.prepare_cached(
        "SELECT first_seq FROM event_log WHERE first_seq >= COALESCE((SELECT first_seq \
         FROM event_log WHERE first_seq <= ?1 ORDER BY first_seq DESC LIMIT 1), 0) \
         AND last_seq > ?1 ORDER BY first_seq DESC",
    )
    .and_then(|mut q| q.query_map([after], |r| r.get(0))?.collect())
    .map_err(err)
}

/// One page of `q`: its account's events matching its attribute, newest first by
/// (time, seq), strictly before its cursor, at most `q.limit` (an event ID names one event).
/// The postings cover the events up to `event_index.upto`, and the indexer writes them only
/// once a `POSTINGS_WINDOW` (or later, should it fall behind): the events after it are read
/// from the log itself (newest block first), and so are the events replaced since (`reposts`:
/// each replaced event's `seq` and the `seq` after the last committed with its replacement —
/// its new values are posted once the postings cover that). No lookup waits for the indexer.
pub(crate) fn lookup(
    conn: &Connection,
    q: &EventQuery,
    reposts: &[(i64, i64)],
) -> Result<Vec<StoredEvent>, StoreError> {
    let limit = match q.attribute {
        Some(LookupAttribute::EventId(_)) => q.limit.max(1),
        _ => q.limit,
    };
    if limit == 0 {
        return Ok(Vec::new());
    }
    // Read first: the log's snapshot is then taken after the postings', and holds every event
    // they cover.
    let indexed = indexed_upto(conn)?;
    let (attribute, value) = posting_key(&q.attribute);
    let mut page = Page {
        q,
        limit,
        attribute,
        value: &value,
        blocks: Blocks::default(),
        found: Vec::new(),
        seen: std::collections::HashSet::new(),
    };
    for first in blocks_since(conn, indexed)? {
        page.visit(conn, first.max(indexed + 1))?;
    }
    for &(seq, _) in reposts
        .iter()
        .filter(|(_, covered_at)| *covered_at > indexed)
    {
        page.visit(conn, seq)?;
    }
    let upper = q.after.map_or(q.end_ms, |c| c.time_ms.min(q.end_ms));
    let mut walk = conn.prepare_cached(POSTINGS_SQL).map_err(err)?;
    let mut postings = walk
        .query(params![
            list_hash(&q.account_id, attribute, &value),
            q.start_ms,
            q.account_id,
            attribute,
            value
        ])
        .map_err(err)?;
    while let Some(row) = postings.next().map_err(err)? {
        let max_time: i64 = row.get(0).map_err(err)?;
        let min_time: i64 = row.get(1).map_err(err)?;
        // Full page, and this posting (like every one after it) holds nothing newer than the
        // page's oldest event: done.
        if page.found.len() >= limit
            && page
                .found
                .last()
                .is_some_and(|oldest| max_time < oldest.record.time_ms)
        {
            break;
        }
        if min_time > upper {
            continue;
        }
        let seqs = decode_seqs(&row.get::<_, Vec<u8>>(2).map_err(err)?);
        for listed in seqs.into_iter().rev() {
            page.visit(conn, listed)?;
        }
    }
    Ok(page.found)
}

/// A lookup's page in the making (`lookup`).
struct Page<'q> {
    q: &'q EventQuery,
    limit: usize,
    attribute: i64,
    value: &'q str,
    blocks: Blocks,
    /// Newest first, at most `limit`.
    found: Vec<StoredEvent>,
    seen: std::collections::HashSet<i64>,
}

impl Page<'_> {
    /// Adds the events of `listed`'s block from `listed` on that match and can still make the
    /// page.
    fn visit(&mut self, conn: &Connection, listed: i64) -> Result<(), StoreError> {
        let (q, limit) = (self.q, self.limit);
        let oldest = (self.found.len() >= limit)
            .then(|| self.found.last().map(|e| (e.record.time_ms, e.seq)))
            .flatten();
        // A full page, and nothing in this block is newer than its oldest: skipped unread.
        if let Some((oldest_time, _)) = oldest
            && block_max_time(conn, listed)?.is_none_or(|max_time| max_time < oldest_time)
        {
            return Ok(());
        }
        // The listed event and the rest of its block (`Postings::add`; none when retention
        // deleted the block) that their fields show to match, then decoded newest first while
        // they can still make the page.
        let before =
            |time_ms: i64, seq: i64| q.after.is_none_or(|c| (time_ms, seq) < (c.time_ms, c.seq));
        let (attribute, value, seen) = (self.attribute, self.value, &self.seen);
        let wanted = |seq, p: &Posted<'_>| {
            p.account_id == q.account_id
                && (q.start_ms..=q.end_ms).contains(&p.time_ms)
                && before(p.time_ms, seq)
                && p.is_posted_under(attribute, value)
                && !seen.contains(&seq)
        };
        let mut candidates = self.blocks.matching(conn, listed, wanted)?;
        candidates.sort_unstable_by_key(|&(seq, time_ms)| std::cmp::Reverse((time_ms, seq)));
        for (seq, time_ms) in candidates.into_iter().take(limit) {
            if oldest.is_some_and(|o| (time_ms, seq) < o) {
                break;
            }
            self.seen.insert(seq);
            if let Some(e) = self.blocks.event(conn, seq)?
                && q.matches(&e)
            {
                self.found.push(StoredEvent { seq, record: e });
            }
        }
        self.found
            .sort_by_key(|e| std::cmp::Reverse((e.record.time_ms, e.seq)));
        self.found.truncate(limit);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::store::Store;

    /// 100 events in one transaction: four blocks; every event reads back as written, by
    /// lookup (by user name and by event ID) and by the operator's reader.
    #[tokio::test]
    async fn records_in_several_blocks_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let store = crate::SqliteStore::open(&path).unwrap();
        let events: Vec<EventRecord> = (0..100)
            .map(|i| EventRecord {
                capture: Vec::new(),
                event_id: format!("id-{i:03}"),
                account_id: "111".into(),
                time_ms: 1_000 + i,
                event_name: "GetUser".into(),
                event_source: "iam.amazonaws.com".into(),
                read_only: true,
                username: Some(format!("user-{}", i % 7)),
                access_key_id: None,
                resources: Vec::new(),
                json: format!(r#"{{"eventID":"id-{i:03}","n":{i}}}"#),
            })
            .collect();
        store.append_events(events.clone(), false);
        store.flush_postings().await.unwrap().unwrap();
        let blocks: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM event_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blocks, 4);
        let found = store
            .lookup_events(&EventQuery {
                account_id: "111".into(),
                attribute: Some(LookupAttribute::Username("user-3".into())),
                start_ms: 0,
                end_ms: i64::MAX,
                after: None,
                limit: 50,
            })
            .unwrap();
        let want: Vec<&EventRecord> = events
            .iter()
            .rev()
            .filter(|e| e.username.as_deref() == Some("user-3"))
            .collect();
        assert_eq!(found.len(), want.len());
        for (f, w) in found.iter().zip(want) {
            assert_eq!(&f.record, w);
        }
        // Listed once per block: the first event of each block that has the value (event `i`
        // is `seq` i + 1; blocks start at 1, 33, 65, 97), the rest found by reading on.
        let listed = |attr: i64, value: &str| -> Vec<i64> {
            let conn = Connection::open(postings_path(&path)).unwrap();
            let mut q = conn
                .prepare("SELECT seqs FROM event_postings WHERE attr = ?1 AND value = ?2")
                .unwrap();
            let rows = q
                .query_map(params![attr, value], |r| r.get::<_, Vec<u8>>(0))
                .unwrap();
            rows.flat_map(|r| decode_seqs(&r.unwrap())).collect()
        };
        assert_eq!(listed(attr::USER, "user-3"), [4, 39, 67]);
        assert_eq!(listed(attr::NAME, "GetUser"), [1, 33, 65, 97]);
        for i in [0, 31, 32, 99] {
            let by_id = store
                .lookup_events(&EventQuery {
                    account_id: "111".into(),
                    attribute: Some(LookupAttribute::EventId(format!("id-{i:03}"))),
                    start_ms: 0,
                    end_ms: i64::MAX,
                    after: None,
                    limit: 50,
                })
                .unwrap();
            assert_eq!(by_id.len(), 1);
            assert_eq!(by_id[0].record, events[i]);
        }
        let read = crate::reader::EventReader::open(&path)
            .unwrap()
            .range(0, 1_000)
            .unwrap();
        let records: Vec<&str> = read.iter().map(|e| e.record.as_str()).collect();
        let written: Vec<&str> = events.iter().map(|e| e.json.as_str()).collect();
        assert_eq!(records, written);
    }

    /// An event of `account` named `CreateUser` whose resource is user `user`.
    fn created(i: i64, user: &str) -> EventRecord {
        EventRecord {
            capture: Vec::new(),
            event_id: format!("id-{i:03}"),
            account_id: "111".into(),
            time_ms: 1_000 + i,
            event_name: "CreateUser".into(),
            event_source: "iam.amazonaws.com".into(),
            read_only: false,
            username: Some("root".into()),
            access_key_id: None,
            resources: vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: user.into(),
            }],
            json: format!(r#"{{"eventID":"id-{i:03}","user":"{user}"}}"#),
        }
    }

    fn by_resource(name: &str) -> EventQuery {
        EventQuery {
            account_id: "111".into(),
            attribute: Some(LookupAttribute::ResourceName(name.into())),
            start_ms: 0,
            end_ms: i64::MAX,
            after: None,
            limit: 50,
        }
    }

    /// A store (closed again) holding `created(i, "u{i}")` for each `i` of each batch, a
    /// barrier after each batch.
    async fn store_of_created(batches: &[(i64, i64)]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let store = crate::SqliteStore::open(&path).unwrap();
        for &(start, end) in batches {
            append_created(&store, start..end).await;
        }
        (dir, path)
    }

    /// Appends `created(i, "u{i}")` for each `i`, and waits for a barrier.
    async fn append_created(store: &crate::SqliteStore, range: std::ops::Range<i64>) {
        store.append_events(range.map(|i| created(i, &format!("u{i}"))).collect(), false);
        store.flush_postings().await.unwrap().unwrap();
    }

    /// Two lists whose hashes collide (a caller can pick a user name for that: FNV-1a is not
    /// collision-resistant) stay two rows, even ending at the same event, and each lookup
    /// walks only its own.
    #[test]
    fn lists_of_one_hash_stay_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("iamd.db");
        let mut conn = postings_connection(&path).unwrap();
        let list = |attr: i64, value: &str, seqs: Vec<i64>| Posting {
            list: 42,
            account: "111".into(),
            attr,
            value: value.into(),
            seqs,
            min_time: 5,
            max_time: 9,
        };
        let tx = conn.transaction().unwrap();
        write_lists(
            &tx,
            &[
                list(attr::NAME, "CreateUser", vec![3, 7]),
                list(attr::RESOURCE_NAME, "crafted", vec![7]),
            ],
        )
        .unwrap();
        tx.commit().unwrap();
        let seqs_of = |attr: i64, value: &str| -> Vec<Vec<i64>> {
            let mut q = conn.prepare(POSTINGS_SQL).unwrap();
            q.query_map(params![42, 0, "111", attr, value], |r| {
                r.get::<_, Vec<u8>>(2)
            })
            .unwrap()
            .map(|r| decode_seqs(&r.unwrap()))
            .collect()
        };
        assert_eq!(seqs_of(attr::NAME, "CreateUser"), vec![vec![3, 7]]);
        assert_eq!(seqs_of(attr::RESOURCE_NAME, "crafted"), vec![vec![7]]);
    }

    /// A postings' database of the layout keyed by text (account, attribute, value) is
    /// rekeyed at open: the same rows under the hashed key, how far they cover kept, every
    /// event found.
    #[tokio::test]
    async fn postings_keyed_by_their_text_are_rekeyed_at_open() {
        let (_dir, path) = store_of_created(&[(0, 10), (10, 20)]).await;
        let rows_before = {
            let p = Connection::open(postings_path(&path)).unwrap();
            p.execute_batch(
                "ALTER TABLE event_postings RENAME TO hashed;
                 DROP INDEX IF EXISTS event_postings_by_seq;",
            )
            .unwrap();
            p.execute_batch(TEXT_KEYED_POSTINGS).unwrap();
            p.execute_batch(
                "INSERT INTO event_postings SELECT account, attr, value, max_time, last_seq, \
                 min_time, seqs FROM hashed;
                 DROP TABLE hashed;
                 CREATE INDEX event_postings_by_seq ON event_postings (last_seq);",
            )
            .unwrap();
            assert!(!has_column(&p, "event_postings", "list").unwrap());
            p.query_row("SELECT COUNT(*) FROM event_postings", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
        };
        assert!(rows_before > 20, "{rows_before}");
        let store = crate::SqliteStore::open(&path).unwrap();
        let postings = Connection::open(postings_path(&path)).unwrap();
        assert!(has_column(&postings, "event_postings", "list").unwrap());
        assert!(!has_table(&postings, "event_postings_by_text").unwrap());
        let count = |sql: &str| -> i64 { postings.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT COUNT(*) FROM event_postings"), rows_before);
        assert_eq!(count("SELECT upto FROM event_index"), 20);
        assert_eq!(
            count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'event_postings_by_seq'"),
            0
        );
        for name in ["u3", "u17"] {
            let found = store.lookup_events(&by_resource(name)).unwrap();
            assert_eq!(found.len(), 1, "{name}");
            assert_eq!(found[0].record.resources[0].resource_name, name);
        }
    }

    /// The postings' table keyed by text (account, attribute, value), before `list_hash`.
    const TEXT_KEYED_POSTINGS: &str = "CREATE TABLE event_postings (account TEXT NOT NULL, \
         attr INTEGER NOT NULL, value TEXT NOT NULL, max_time INTEGER NOT NULL, \
         last_seq INTEGER NOT NULL, min_time INTEGER NOT NULL, seqs BLOB NOT NULL, \
         PRIMARY KEY (account, attr, value, max_time, last_seq)) WITHOUT ROWID;";

    /// A store whose postings were in its own database (the layout before they had their
    /// own, keyed by their text): they move to the postings' database at open, rekeyed, with
    /// how far they cover, and are dropped from the store's.
    #[tokio::test]
    async fn postings_kept_in_the_stores_database_move_to_their_own() {
        let (_dir, path) = store_of_created(&[(0, 10)]).await;
        // The former layout: the postings' tables in the store's database, none beside it.
        let moved = {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(TEXT_KEYED_POSTINGS).unwrap();
            conn.execute_batch(
                "CREATE TABLE event_index (id INTEGER PRIMARY KEY CHECK (id = 1), \
                 upto INTEGER NOT NULL);",
            )
            .unwrap();
            attach_postings(&conn, &path).unwrap();
            conn.execute_batch(
                "INSERT INTO main.event_postings SELECT account, attr, value, max_time, \
                 last_seq, min_time, seqs FROM postings.event_postings;
                 INSERT INTO main.event_index SELECT * FROM postings.event_index;
                 DETACH DATABASE postings;",
            )
            .unwrap();
            conn.query_row("SELECT COUNT(*) FROM event_postings", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
        };
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{}{suffix}", postings_path(&path).display());
            let _ = std::fs::remove_file(file);
        }
        let store = crate::SqliteStore::open(&path).unwrap();
        assert!(!has_table(&Connection::open(&path).unwrap(), "event_postings").unwrap());
        let postings = Connection::open(postings_path(&path)).unwrap();
        let rows: i64 = postings
            .query_row("SELECT COUNT(*) FROM event_postings", [], |r| r.get(0))
            .unwrap();
        assert!(rows > 0);
        assert_eq!(rows, moved);
        let upto: i64 = postings
            .query_row("SELECT upto FROM event_index", [], |r| r.get(0))
            .unwrap();
        assert_eq!(upto, 10);
        let found = store.lookup_events(&by_resource("u7")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, created(7, "u7"));
    }

    /// A power loss can take from the store events its postings already name (reads' events
    /// wait up to a second for an fsync, and the postings' database has its own): the next
    /// events take `seq`s after every one the postings name, so no stale posting points at a
    /// new event, and the events kept are found as before.
    #[tokio::test]
    async fn events_after_a_power_loss_never_reuse_a_posted_seq() {
        let (_dir, path) = store_of_created(&[(0, 10), (10, 20)]).await;
        // The second batch lost from the store, not from the postings.
        Connection::open(&path)
            .unwrap()
            .execute("DELETE FROM event_log WHERE first_seq > 10", [])
            .unwrap();
        let store = crate::SqliteStore::open(&path).unwrap();
        store.append_events(vec![created(30, "u15")], false);
        store.flush_postings().await.unwrap().unwrap();
        let seqs = crate::reader::stored_seqs(&path);
        let mut want: Vec<i64> = (1..=10).collect();
        want.push(21);
        assert_eq!(seqs, want);
        // `u15`'s lost event was seq 16: its posting reads nothing; the new one is found.
        let found = store.lookup_events(&by_resource("u15")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, created(30, "u15"));
        assert_eq!(store.lookup_events(&by_resource("u5")).unwrap().len(), 1);
        assert!(store.lookup_events(&by_resource("u12")).unwrap().is_empty());
    }

    /// An event committed before its request completed it (provisional) is replaced in place
    /// once complete; the replacement's new values are posted, and — listed in
    /// `event_reposts` in the replacement's transaction — posted again at open when a crash
    /// took them before the indexer wrote them.
    #[tokio::test]
    async fn a_replaced_provisional_event_is_posted_even_after_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        drop(crate::SqliteStore::open(&path).unwrap());
        let mut conn = open_connection_for_tests(&path);
        let mut to_post = Vec::new();
        let mut provisional = Provisional::default();
        let complete = EventRecord {
            json: r#"{"eventID":"id-001","user":"after"}"#.into(),
            ..created(1, "after")
        };
        {
            let tx = conn.transaction().unwrap();
            let mut events = EventWriter::new(&tx, &mut to_post, &mut provisional, 0).unwrap();
            events.insert(created(0, "first")).unwrap();
            events.insert_provisional(created(1, "before")).unwrap();
            events.finish().unwrap();
            tx.commit().unwrap();
        }
        {
            let tx = conn.transaction().unwrap();
            let mut events = EventWriter::new(&tx, &mut to_post, &mut provisional, 0).unwrap();
            events.replace(complete.clone()).unwrap();
            assert_eq!(events.last_seq(), 2, "replaced in place, no new seq");
            events.finish().unwrap();
            tx.commit().unwrap();
        }
        assert!(provisional.is_empty());
        // Posted in place: the replacement under the provisional copy's seq.
        assert!(matches!(to_post.last(), Some(ToPost::Event { seq: 2, .. })));
        let reposts: i64 = conn
            .query_row("SELECT seq FROM event_reposts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reposts, 2);
        // The crash: the postings in memory never reach the postings' database, which says it
        // covers both events.
        Connection::open(postings_path(&path))
            .unwrap()
            .execute(
                "INSERT OR REPLACE INTO event_index (id, upto) VALUES (1, 2)",
                [],
            )
            .unwrap();
        drop(conn);
        let store = crate::SqliteStore::open(&path).unwrap();
        let found = store.lookup_events(&by_resource("after")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, complete);
        assert!(
            store
                .lookup_events(&by_resource("before"))
                .unwrap()
                .is_empty()
        );
        let left: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM event_reposts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    /// Every page of `q` (each after the last's oldest event), its events' IDs in order.
    fn all_pages(store: &crate::SqliteStore, mut q: EventQuery) -> Vec<String> {
        let mut ids = Vec::new();
        loop {
            let page = store.lookup_events(&q).unwrap();
            let Some(last) = page.last() else {
                return ids;
            };
            q.after = Some(iam_core::audit::EventCursor {
                time_ms: last.record.time_ms,
                seq: last.seq,
            });
            ids.extend(page.into_iter().map(|e| e.record.event_id));
        }
    }

    /// However far the indexer lags, a lookup reads what the postings do not cover yet from
    /// the log (newest first, pages continuing into the
    /// postings), and replaced events by their new values; items the writer dropped for it
    /// (`FEED_BOUND`) are posted from the log once it runs.
    #[tokio::test]
    async fn lookups_find_what_the_indexer_has_not_posted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let store = crate::SqliteStore::open(&path).unwrap();
        append_created(&store, 0..10).await;
        store.pause_indexer(true);
        // 100 more in one commit: past `FEED_BOUND` (64 in tests), dropped for the indexer.
        store.append_events(
            (10..110).map(|i| created(i, &format!("u{i}"))).collect(),
            false,
        );
        store.submit(Vec::new()).await.unwrap().unwrap();
        let postings_of = |name: &str| -> i64 {
            Connection::open(postings_path(&path))
                .unwrap()
                .query_row(
                    "SELECT COUNT(*) FROM event_postings WHERE attr = ?1 AND value = ?2",
                    params![attr::RESOURCE_NAME, name],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(postings_of("u5"), 1);
        assert_eq!(postings_of("u50"), 0);
        let every = EventQuery {
            attribute: None,
            limit: 30,
            ..by_resource("")
        };
        let newest_first: Vec<String> = (0..110).rev().map(|i| format!("id-{i:03}")).collect();
        let check = |store: &crate::SqliteStore| {
            assert_eq!(all_pages(store, every.clone()), newest_first);
            for i in [0, 9, 10, 50, 109] {
                let found = store.lookup_events(&by_resource(&format!("u{i}"))).unwrap();
                assert_eq!(found.len(), 1, "u{i}");
                assert_eq!(found[0].record, created(i, &format!("u{i}")));
            }
            assert!(
                store
                    .lookup_events(&by_resource("u110"))
                    .unwrap()
                    .is_empty()
            );
        };
        check(&store);
        // Posted from the log once the indexer runs.
        store.pause_indexer(false);
        store.flush_postings().await.unwrap().unwrap();
        assert_eq!(postings_of("u50"), 1);
        assert_eq!(postings_of("u109"), 1);
        check(&store);

        // Event 3 replaced while the indexer is held: found by its new value at once.
        store.pause_indexer(true);
        let replaced = EventRecord {
            json: r#"{"eventID":"id-003","user":"renamed"}"#.into(),
            ..created(3, "renamed")
        };
        store.append_events(vec![replaced.clone()], true);
        store.submit(Vec::new()).await.unwrap().unwrap();
        assert_eq!(postings_of("renamed"), 0);
        let found = store.lookup_events(&by_resource("renamed")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, replaced);
        assert!(store.lookup_events(&by_resource("u3")).unwrap().is_empty());
        store.pause_indexer(false);
        store.flush_postings().await.unwrap().unwrap();
        assert_eq!(postings_of("renamed"), 1);
        assert_eq!(
            store.lookup_events(&by_resource("renamed")).unwrap().len(),
            1
        );
    }

    fn open_connection_for_tests(path: &std::path::Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA journal_mode=WAL;").unwrap();
        conn
    }

    /// Postings wait in the indexer's memory, not in each transaction; `flush_postings`
    /// writes them; those a crash lost are rebuilt at open from the events past
    /// `event_index.upto`.
    #[tokio::test]
    async fn postings_are_written_later_and_rebuilt_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        // The events in the store's database, their postings in their own.
        let count = |sql: &str| -> i64 {
            let db = if sql.contains("event_log") {
                path.clone()
            } else {
                postings_path(&path)
            };
            Connection::open(db)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap()
        };
        let event = |i: i64| EventRecord {
            json: format!(r#"{{"eventID":"id-{i:03}"}}"#),
            ..created(i, &format!("user-{i}"))
        };
        {
            let store = crate::SqliteStore::open(&path).unwrap();
            store.append_events((0..10).map(event).collect(), false);
            // A write (not a barrier): the events commit with it, their postings wait.
            store
                .submit(vec![iam_core::store::Change::Put {
                    kind: "meta",
                    key: "k".into(),
                    value: b"v".to_vec(),
                }])
                .await
                .unwrap()
                .unwrap();
            assert_eq!(count("SELECT SUM(events) FROM event_log"), 10);
            assert_eq!(count("SELECT COUNT(*) FROM event_postings"), 0);
            // `flush_postings` writes them.
            store.flush_postings().await.unwrap().unwrap();
            assert!(count("SELECT COUNT(*) FROM event_postings") > 0);
            assert_eq!(count("SELECT upto FROM event_index"), 10);
            assert_eq!(
                store.lookup_events(&by_resource("user-4")).unwrap().len(),
                1
            );
            // Ten more, committed with a write; their postings are written when the store
            // ends (its writer thread, once the store is dropped).
            store.append_events((10..20).map(event).collect(), false);
            store
                .submit(vec![iam_core::store::Change::Delete {
                    kind: "meta",
                    key: "k".into(),
                }])
                .await
                .unwrap()
                .unwrap();
            assert_eq!(count("SELECT upto FROM event_index"), 10);
        }
        let started = std::time::Instant::now();
        while count("SELECT upto FROM event_index") != 20 {
            assert!(started.elapsed() < std::time::Duration::from_secs(10));
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // A crash that lost every posting: rebuilt at open.
        Connection::open(postings_path(&path))
            .unwrap()
            .execute_batch("DELETE FROM event_postings; UPDATE event_index SET upto = 0;")
            .unwrap();
        let store = crate::SqliteStore::open(&path).unwrap();
        for i in [0, 9, 10, 19] {
            let found = store
                .lookup_events(&by_resource(&format!("user-{i}")))
                .unwrap();
            assert_eq!(found.len(), 1, "user-{i}");
            assert_eq!(found[0].record, event(i));
        }
        let all = EventQuery {
            attribute: None,
            ..by_resource("")
        };
        assert_eq!(store.lookup_events(&all).unwrap().len(), 20);
        assert_eq!(count("SELECT upto FROM event_index"), 20);
    }

    /// A database of the former layout (a row per event in `events`, records in LZ4 blocks of
    /// `event_blocks` or inline) opens into the event log: every event with its `seq`, fields
    /// and record, found by lookup (event ID included: postings are written again) and read
    /// by the operator's reader; the former tables are gone.
    #[tokio::test]
    async fn a_database_of_event_rows_is_upgraded_to_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let record = |i: i64| format!(r#"{{"eventID":"old-{i}","n":{i}}}"#);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, \
                 account TEXT NOT NULL, time_ms INTEGER NOT NULL, event_name TEXT NOT NULL, \
                 event_source TEXT NOT NULL, read_only INTEGER NOT NULL, username TEXT, \
                 access_key_id TEXT, record TEXT NOT NULL, resources TEXT, block INTEGER, \
                 part INTEGER);
                 CREATE UNIQUE INDEX events_by_id ON events (event_id, account);
                 CREATE TABLE event_blocks (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
            )
            .unwrap();
            let block: Vec<String> = (1..=32).map(record).collect();
            conn.execute(
                "INSERT INTO event_blocks (id, data) VALUES (1, ?1)",
                [lz4_flex::compress_prepend_size(block.join("\n").as_bytes())],
            )
            .unwrap();
            for i in 1..=40i64 {
                let in_block = i <= 32;
                conn.execute(
                    "INSERT INTO events VALUES (?1, ?2, ?3, ?4, 'CreateUser', \
                     'iam.amazonaws.com', 0, ?5, NULL, ?6, ?7, ?8, ?9)",
                    params![
                        i,
                        format!("old-{i}"),
                        if i % 2 == 0 { "111" } else { "222" },
                        1_000 + i,
                        format!("user-{}", i % 3),
                        if in_block { String::new() } else { record(i) },
                        format!(r#"[["AWS::IAM::User","u{i}"]]"#),
                        in_block.then_some(1),
                        in_block.then_some(i - 1),
                    ],
                )
                .unwrap();
            }
        }
        let store = crate::SqliteStore::open(&path).unwrap();
        let query = |account: &str, attribute| EventQuery {
            account_id: account.into(),
            attribute: Some(attribute),
            start_ms: 0,
            end_ms: i64::MAX,
            after: None,
            limit: 50,
        };
        for i in [1i64, 2, 32, 33, 40] {
            let account = if i % 2 == 0 { "111" } else { "222" };
            let found = store
                .lookup_events(&query(
                    account,
                    LookupAttribute::EventId(format!("old-{i}")),
                ))
                .unwrap();
            assert_eq!(found.len(), 1, "old-{i}");
            assert_eq!(found[0].seq, i);
            assert_eq!(found[0].record.json, record(i));
            assert_eq!(found[0].record.resources[0].resource_name, format!("u{i}"));
        }
        let by_user = store
            .lookup_events(&query("111", LookupAttribute::Username("user-1".into())))
            .unwrap();
        let seqs: Vec<i64> = by_user.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [40, 34, 28, 22, 16, 10, 4]);
        let read = crate::reader::EventReader::open(&path)
            .unwrap()
            .range(0, 100)
            .unwrap();
        assert_eq!(read.len(), 40);
        assert!(read.iter().all(|e| e.record == record(e.seq)));
        let conn = Connection::open(&path).unwrap();
        assert!(!has_table(&conn, "events").unwrap());
        assert!(!has_table(&conn, "event_blocks").unwrap());
        // New events follow the old ones.
        store.append_events(
            vec![EventRecord {
                capture: Vec::new(),
                event_id: "new".into(),
                account_id: "111".into(),
                time_ms: 5_000,
                event_name: "GetUser".into(),
                event_source: "iam.amazonaws.com".into(),
                read_only: true,
                username: None,
                access_key_id: None,
                resources: Vec::new(),
                json: "{}".into(),
            }],
            false,
        );
        store.flush_postings().await.unwrap().unwrap();
        let new = store
            .lookup_events(&query("111", LookupAttribute::EventId("new".into())))
            .unwrap();
        assert_eq!(new[0].seq, 41);
    }

    #[test]
    fn entries_round_trip() {
        let e = EventRecord {
            capture: Vec::new(),
            event_id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(),
            account_id: "123456789012".into(),
            time_ms: -5,
            event_name: "CreateUser".into(),
            event_source: "iam.amazonaws.com".into(),
            read_only: false,
            username: Some(String::new()),
            access_key_id: None,
            resources: vec![EventResource {
                resource_type: "AWS::IAM::User".into(),
                resource_name: "ünïcode".into(),
            }],
            json: "{\"a\":\"\\n\"}".into(),
        };
        let mut block = LogBlock::default();
        block.push(7, &e);
        block.push(9, &e);
        // A scratch buffer larger than the block, with bytes left from an earlier one.
        let mut scratch = vec![0xee; 64 * 1024];
        let out = compress(&block.entries, &mut scratch).unwrap().to_vec();
        let decoded = decode_block(7, &out).unwrap();
        assert_eq!(decoded, vec![(7, e.clone()), (9, e)]);
        assert!(decode_block(7, &out[..out.len() - 1]).is_err());
        assert_eq!(id_prefix("0190a1b2-c3d4-7e5f"), "0190a1b2-c3d");
        assert_eq!(id_prefix("short"), "short");
    }

    /// What a lookup asks of each entry of the blocks it reads (`Posted::is_posted_under`) is
    /// what the event was posted under (`Posted::each_posting`), and no more: 200 events,
    /// values repeated and interleaved, a varying number of resources.
    #[test]
    fn a_lookups_filter_is_what_an_event_is_posted_under() {
        let events = varied_events();
        let values = [
            "",
            "GetUser",
            "ListUsers",
            "iam.amazonaws.com",
            "true",
            "false",
            "user-1",
            "AKIA1",
            "name-2",
            "AWS::IAM::User",
            "0190a1b2-c3d",
            "other",
        ];
        for e in &events {
            let posted = Posted::from(e);
            let mut listed = Vec::new();
            posted.each_posting(|attr, value| listed.push((attr, value)));
            for &(attr, value) in &listed {
                assert!(posted.is_posted_under(attr, value), "{attr} {value}");
            }
            for attr in attr::ANY..=attr::EVENT_ID {
                for value in values {
                    assert_eq!(
                        posted.is_posted_under(attr, value),
                        listed.contains(&(attr, value)),
                        "{attr} {value}"
                    );
                }
            }
        }
    }

    /// A list as the tests compare it: (account, attribute, value, seqs, min time, max time).
    type ListedForTest = (String, i64, String, Vec<i64>, i64, i64);

    /// `lists` are `expected`'s lists, with the same events; each one's times are bounds of
    /// `expected`'s (a block's values are listed with the times of all its events: bounds a
    /// lookup skips by), at most a block's span wider (`varied_events`: within 1,000 ms).
    fn assert_same_lists(lists: &[ListedForTest], expected: &[ListedForTest]) {
        let keys = |l: &[ListedForTest]| -> Vec<(String, i64, String, Vec<i64>)> {
            l.iter()
                .map(|(a, k, v, s, _, _)| (a.clone(), *k, v.clone(), s.clone()))
                .collect()
        };
        assert_eq!(keys(lists), keys(expected));
        for (l, e) in lists.iter().zip(expected) {
            assert!(l.4 <= e.4 && l.5 >= e.5, "{l:?} does not bound {e:?}");
            assert!(
                e.4 - l.4 < 1_000 && l.5 - e.5 < 1_000,
                "{l:?} against {e:?}"
            );
        }
    }

    /// 200 events, values repeated and interleaved, a varying number of resources.
    fn varied_events() -> Vec<EventRecord> {
        (0..200i64)
            .map(|i| EventRecord {
                capture: Vec::new(),
                event_id: format!("0190a1b2-c3d{}-7e5f", i / 50),
                account_id: if i % 23 == 0 { "222" } else { "111" }.into(),
                time_ms: 10_000 + (i * 7919) % 1_000,
                event_name: if (i / 5) % 3 == 0 {
                    "GetUser"
                } else {
                    "ListUsers"
                }
                .into(),
                event_source: "iam.amazonaws.com".into(),
                read_only: i % 11 != 0,
                username: (i % 4 != 0).then(|| format!("user-{}", (i / 3) % 4)),
                access_key_id: Some("AKIA1".into()),
                resources: (0..i % 3)
                    .map(|r| EventResource {
                        resource_type: "AWS::IAM::User".into(),
                        resource_name: format!("name-{}", (i + r) % 5),
                    })
                    .collect(),
                json: "{}".into(),
            })
            .collect()
    }

    /// The lists `prepare_events` makes of `events` queued, and those of adding each event on
    /// its own (`Postings::add`), as the tests compare them; and the queue.
    fn prepared_and_one_by_one(
        events: &[EventRecord],
    ) -> (Vec<ListedForTest>, Vec<ListedForTest>, Vec<u8>) {
        let mut queue = Vec::new();
        for e in events {
            queue_event(&mut queue, &e.view());
        }
        let prepared = prepare_events(&queue).unwrap();
        assert_eq!(prepared.count, events.len());
        let mut one_by_one = Postings::default();
        for (place, e) in (0i64..).zip(events) {
            one_by_one.add(place, place - place % BLOCK_EVENTS, &Posted::from(e));
        }
        let lists = |mut p: Postings| -> Vec<ListedForTest> {
            (p.take_window().lists.into_iter())
                .map(|p| (p.account, p.attr, p.value, p.seqs, p.min_time, p.max_time))
                .collect()
        };
        (lists(prepared.postings), lists(one_by_one), queue)
    }

    /// `prepare_events` lists the values a block's events share once (`BlockPostings`): the
    /// lists it makes are those of listing each event on its own (`Postings::add`), for
    /// varied events, each with a user name of its own (more distinct values in a block than
    /// it keeps at once), every other one with the resources of the one before.
    #[test]
    fn a_prepared_batch_lists_what_each_event_would() {
        let mut events = varied_events();
        for (i, e) in events.iter_mut().enumerate() {
            e.username = Some(format!("u{i}"));
        }
        // Pairs of events with the same resources (read from the previous entry's bytes).
        for i in (1..events.len()).step_by(2) {
            events[i].resources = events[i - 1].resources.clone();
        }
        let (prepared, one_by_one, _) = prepared_and_one_by_one(&events);
        assert!(prepared.len() > 200, "{}", prepared.len());
        assert_same_lists(&prepared, &one_by_one);
    }

    /// Runs of events whose fields but their event ID and time are their predecessor's (the
    /// same caller calling the same action on the same resource: read as one comparison of
    /// bytes, `EntryReader::posted_after`) list what each event would, event IDs of new
    /// prefixes included, across blocks and accounts.
    #[test]
    fn runs_of_the_same_fields_list_what_each_event_would() {
        let mut events = varied_events();
        for i in 1..events.len() {
            if i % 7 != 0 {
                let (before, after) = events.split_at_mut(i);
                let (previous, e) = (&before[i - 1], &mut after[0]);
                e.account_id = previous.account_id.clone();
                e.event_name = previous.event_name.clone();
                e.event_source = previous.event_source.clone();
                e.read_only = previous.read_only;
                e.username = previous.username.clone();
                e.access_key_id = previous.access_key_id.clone();
                e.resources = previous.resources.clone();
            }
            events[i].event_id = format!("0190a{:03x}-c3d4-7e5f", i / 3);
        }
        let (prepared, one_by_one, queue) = prepared_and_one_by_one(&events);
        assert!(
            prepared.iter().filter(|l| l.1 == attr::EVENT_ID).count() > 50,
            "event ID prefixes listed"
        );
        assert_same_lists(&prepared, &one_by_one);
        // And each entry reads back whole on its own.
        let mut at = 0;
        let mut read = 0;
        while let Ok(Some((body, next))) = queued_entry(&queue, at) {
            at = next;
            let posted = EntryReader { data: body, at: 0 }.posted().unwrap();
            assert_eq!(posted.event_id, events[read].event_id);
            read += 1;
        }
        assert_eq!(read, events.len());
    }

    /// What the indexer is handed (`ToPost`: commits' events one by one, in blocks of a
    /// commit's writes, and a prepared batch between them) is listed as adding each event and
    /// absorbing the batch would (`Postings::post_all` lists a block's shared values once).
    #[test]
    fn posting_commits_lists_what_adding_each_event_would() {
        let mut events = varied_events();
        for (i, e) in events.iter_mut().enumerate().skip(120) {
            e.username = Some(format!("u{i}"));
        }
        let mut queue = Vec::new();
        for e in &events[..50] {
            queue_event(&mut queue, &e.view());
        }
        let (mut items, mut one_by_one) = (Vec::new(), Postings::default());
        for (i, e) in (0i64..).zip(&events) {
            if i == 100 {
                items.push(ToPost::Prepared {
                    postings: prepare_events(&queue).unwrap().postings,
                    base: 101,
                });
                one_by_one.absorb(prepare_events(&queue).unwrap().postings, 101);
            }
            // Blocks of eight writes; the batch takes `seq`s 101 to 150.
            let seq = if i < 100 { 1 + i } else { 51 + i };
            let block_first = if i < 100 {
                seq - (seq - 1) % 8
            } else {
                seq - (seq - 151) % 8
            };
            one_by_one.add(seq, block_first, &Posted::from(e));
            items.push(ToPost::Event {
                seq,
                block_first,
                record: e.clone(),
            });
        }
        let mut posted = Postings::default();
        posted.post_all(&mut items);
        assert!(items.is_empty());
        let lists = |mut p: Postings| {
            let lists: Vec<_> = (p.take_window().lists.into_iter())
                .map(|p| (p.account, p.attr, p.value, p.seqs, p.min_time, p.max_time))
                .collect();
            lists
        };
        let (posted, one_by_one) = (lists(posted), lists(one_by_one));
        assert!(posted.len() > 80, "{}", posted.len());
        assert_same_lists(&posted, &one_by_one);
    }

    /// A postings' database of a former layout, indexed by `last_seq`, loses the index at open.
    #[test]
    fn the_former_index_of_postings_by_seq_is_dropped_at_open() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("iamd.db");
        let index_count = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'event_postings_by_seq'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        {
            let old = Connection::open(postings_path(&path)).unwrap();
            old.execute_batch(POSTINGS_SCHEMA).unwrap();
            old.execute_batch("CREATE INDEX event_postings_by_seq ON event_postings (last_seq);")
                .unwrap();
            assert_eq!(index_count(&old), 1);
        }
        assert_eq!(index_count(&postings_connection(&path).unwrap()), 0);
    }

    #[test]
    fn seq_lists_round_trip() {
        for seqs in [
            vec![],
            vec![1],
            vec![1, 2, 3, 200, 201, 100_000, i64::from(u32::MAX) * 4],
        ] {
            assert_eq!(decode_seqs(&encode_seqs(&seqs)), seqs);
        }
    }
}
