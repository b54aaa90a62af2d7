//! The audit events in SQLite: how they are written cheaply and looked up fast.
//!
//! An event is one row of `events`, appended in commit order (`seq`, the rowid) with the columns
//! filters read and its resources, plus one entry of a unique index on its time-ordered event ID
//! (so that one grows at its end too). Its CloudTrail record is not in that row: the records of
//! a transaction's events are LZ4 blocks of up to 32 in `event_blocks` (newline-separated JSON,
//! a fifth or less of their size: records of one window share most of their text), the row
//! naming its block and line — what the writer thread spends per event was mostly writing pages (WAL,
//! checkpoint), so fewer bytes is what makes it cheap. A replaced event keeps its record
//! inline. Nothing else is kept per event: what LookupEvents
//! searches by — the account's events, an event name, source, read-only flag, user name, access
//! key, resource name or type — is indexed per *window* of about a second in `event_postings`,
//! one row per (account, attribute, value) that the window's events have, holding up to 128
//! `seq`s of those events (delta-encoded) and their time range. A second of reads by one user
//! is then a few posting rows instead of thousands of index entries, and a durable write's
//! transaction holds its event's row and block but no posting: the writer keeps the postings in
//! memory (`Postings`) and writes them in a transaction of their own (`POSTINGS_WINDOW`, before
//! a lookup, at shutdown); `event_index.upto` names the last event they cover, and at open the
//! events past it are posted again (`index_unposted`), so a crash costs time, never an event.
//!
//! A lookup walks the postings of its (account, attribute, value) newest first (by their latest
//! time), reads the events they list, keeps those that match (`EventQuery::matches`, which also
//! makes a stale posting harmless: a replaced event or a deleted one is read and dropped), and
//! stops as soon as no further posting can hold an event newer than the page's oldest.
use iam_core::audit::{EventQuery, EventRecord, EventResource, LookupAttribute, StoredEvent};
use iam_core::store::StoreError;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// The schema of the events. `events.resources`: the event's resources as a JSON array of
/// `[type, name]` pairs (NULL when none). `events.record`: the record, or '' when it is line
/// `part` of block `block` (`event_blocks.id`: the `seq` of the block's first event).
pub(crate) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        account TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        event_name TEXT NOT NULL,
        event_source TEXT NOT NULL,
        read_only INTEGER NOT NULL,
        username TEXT,
        access_key_id TEXT,
        record TEXT NOT NULL,
        resources TEXT,
        block INTEGER,
        part INTEGER
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (event_id, account);
    CREATE TABLE IF NOT EXISTS event_blocks (
        id INTEGER PRIMARY KEY,
        data BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS event_postings (
        account TEXT NOT NULL,
        attr INTEGER NOT NULL,
        value TEXT NOT NULL,
        max_time INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        min_time INTEGER NOT NULL,
        seqs BLOB NOT NULL,
        PRIMARY KEY (account, attr, value, max_time, last_seq)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_postings_by_seq ON event_postings (last_seq);
    CREATE TABLE IF NOT EXISTS event_index (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        upto INTEGER NOT NULL
    );
";

/// The attributes postings index (`event_postings.attr`). `ANY`: every event of the account
/// (a lookup without attribute). An event ID is found through `events_by_id` instead.
mod attr {
    pub const ANY: i64 = 0;
    pub const NAME: i64 = 1;
    pub const SOURCE: i64 = 2;
    pub const READ_ONLY: i64 = 3;
    pub const USER: i64 = 4;
    pub const KEY: i64 = 5;
    pub const RESOURCE_NAME: i64 = 6;
    pub const RESOURCE_TYPE: i64 = 7;
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

/// Brings a database written before postings (events with seven indexes and an
/// `event_resources` table) to this schema, once, at open: resources into their column,
/// postings for every stored event, the old indexes and table dropped.
pub(crate) fn upgrade(conn: &mut Connection) -> Result<(), StoreError> {
    if !has_table(conn, "event_resources")? {
        return Ok(());
    }
    // IMMEDIATE: it writes after reading; a deferred transaction that another connection
    // wrote past would fail at once with SQLITE_BUSY (no busy wait for a stale snapshot).
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    let has_column = has_column(&tx, "events", "resources")?;
    if !has_column {
        tx.execute_batch(
            "ALTER TABLE events ADD COLUMN resources TEXT;
             ALTER TABLE events ADD COLUMN block INTEGER;
             ALTER TABLE events ADD COLUMN part INTEGER;",
        )
        .map_err(err)?;
    }
    tx.execute_batch(
        "UPDATE events SET resources = (
             SELECT json_group_array(json_array(resource_type, resource_name))
             FROM (SELECT resource_type, resource_name FROM event_resources r
                   WHERE r.seq = events.seq ORDER BY r.rowid))
         WHERE seq IN (SELECT seq FROM event_resources);
         DROP TABLE event_resources;
         DROP INDEX IF EXISTS events_by_time;
         DROP INDEX IF EXISTS events_by_name;
         DROP INDEX IF EXISTS events_by_source;
         DROP INDEX IF EXISTS events_by_read_only;
         DROP INDEX IF EXISTS events_by_user;
         DROP INDEX IF EXISTS events_by_key;",
    )
    .map_err(err)?;
    // Postings for what is stored.
    post_after(&tx, 0)?;
    tx.commit().map_err(err)
}

/// INVARIANT (postings-derived): postings are never needed to keep an event; they are written
/// apart from the events' transactions and rebuilt from the events past `event_index.upto` at
/// open (ARCHITECTURE.md, invariant 58).
///
/// The postings of the events committed since the last flush, kept in memory by the writer
/// thread and written (`Postings::write`) in one transaction about once per `POSTINGS_WINDOW`,
/// before a lookup (a barrier) and at shutdown; what a crash loses of them is rebuilt at open
/// from the events past `event_index.upto` (`index_unposted`).
#[derive(Default)]
pub(crate) struct Postings {
    /// By "account \x1f attribute \x1f value" (one string: looked up through `scratch`
    /// without allocating, as most events repeat the same values).
    lists: HashMap<String, Posting>,
    /// Lists that reached `POSTING_SEQS`, closed.
    full: Vec<Posting>,
    scratch: String,
    /// `seq`s listed in all (for the size bound), and when the first was.
    entries: usize,
    since: Option<std::time::Instant>,
    /// The largest `seq` of a committed transaction whose events are listed here.
    pub(crate) upto: i64,
    /// The `seq` the next event takes, when known (after a commit: its last + 1; unknown
    /// after a failed one, then read from the table).
    pub(crate) next_seq: Option<i64>,
}

struct Posting {
    account: String,
    attr: i64,
    value: String,
    seqs: Vec<i64>,
    min_time: i64,
    max_time: i64,
}

/// `seq`s in one posting row at most: a lookup reads every event of a posting it visits, so
/// postings stay about as large as a busy transaction's were (a 10 ms window of reads).
const POSTING_SEQS: usize = 128;

/// How long postings wait in memory at most before the writer writes them.
pub(crate) const POSTINGS_WINDOW: std::time::Duration = std::time::Duration::from_secs(1);

/// `seq`s kept in memory at most before the writer writes them (≈ 2 MB).
const POSTINGS_BOUND: usize = 200_000;

impl Postings {
    /// Lists event `seq` under each (account, attribute, value) it has.
    pub(crate) fn add(&mut self, seq: i64, e: &EventRecord) {
        if self.since.is_none() {
            self.since = Some(std::time::Instant::now());
        }
        let mut put = |attr: i64, value: &str| {
            // Built by hand: `write!` costs more than the rest of the lookup.
            self.scratch.clear();
            self.scratch.push_str(&e.account_id);
            self.scratch.push('\x1f');
            self.scratch.push(char::from(b'0' + attr as u8));
            self.scratch.push('\x1f');
            self.scratch.push_str(value);
            let p = match self.lists.get_mut(self.scratch.as_str()) {
                Some(p) => p,
                None => self.lists.entry(self.scratch.clone()).or_insert(Posting {
                    account: e.account_id.clone(),
                    attr,
                    value: value.to_string(),
                    seqs: Vec::new(),
                    min_time: e.time_ms,
                    max_time: e.time_ms,
                }),
            };
            if p.seqs.last() != Some(&seq) {
                if p.seqs.len() >= POSTING_SEQS {
                    let closed = Posting {
                        account: p.account.clone(),
                        attr,
                        value: p.value.clone(),
                        seqs: std::mem::take(&mut p.seqs),
                        min_time: p.min_time,
                        max_time: p.max_time,
                    };
                    self.full.push(closed);
                    p.min_time = e.time_ms;
                    p.max_time = e.time_ms;
                }
                p.seqs.push(seq);
                self.entries += 1;
            }
            p.min_time = p.min_time.min(e.time_ms);
            p.max_time = p.max_time.max(e.time_ms);
        };
        put(attr::ANY, "");
        put(attr::NAME, &e.event_name);
        put(attr::SOURCE, &e.event_source);
        put(attr::READ_ONLY, if e.read_only { "true" } else { "false" });
        if let Some(u) = &e.username {
            put(attr::USER, u);
        }
        if let Some(k) = &e.access_key_id {
            put(attr::KEY, k);
        }
        for r in &e.resources {
            put(attr::RESOURCE_NAME, &r.resource_name);
            put(attr::RESOURCE_TYPE, &r.resource_type);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries == 0
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

    /// Writes every posting, and `event_index.upto` = `upto` (every event up to it is
    /// posted once this transaction commits). The lists stay until `clear` (after the commit).
    pub(crate) fn write(
        &self,
        tx: &rusqlite::Transaction<'_>,
        upto: i64,
    ) -> Result<(), StoreError> {
        if !self.is_empty() {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO event_postings \
                     (account, attr, value, max_time, last_seq, min_time, seqs) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(err)?;
            let mut sorted = Vec::new();
            for p in self.full.iter().chain(self.lists.values()) {
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
                        p.account,
                        p.attr,
                        p.value,
                        p.max_time,
                        last,
                        p.min_time,
                        encode_seqs(seqs)
                    ])
                    .map_err(err)?;
            }
        }
        set_indexed_upto(tx, upto)
    }

    /// Forgets what was written (its transaction committed).
    pub(crate) fn clear(&mut self) {
        self.lists.clear();
        self.full.clear();
        self.entries = 0;
        self.since = None;
    }
}

fn set_indexed_upto(tx: &rusqlite::Transaction<'_>, upto: i64) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO event_index (id, upto) VALUES (1, ?1)")
        .and_then(|mut q| q.execute([upto]))
        .map(|_| ())
        .map_err(err)
}

/// At open: posts the events committed after the last postings written (`event_index.upto`:
/// those of a process that stopped without writing its postings), so that every stored event
/// is found. A database without `event_index` (postings written per transaction) has every
/// event posted.
pub(crate) fn index_unposted(conn: &mut Connection) -> Result<(), StoreError> {
    // IMMEDIATE, as in `upgrade`: another handle may be writing (tests open two).
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    let upto: Option<i64> = tx
        .query_row("SELECT upto FROM event_index WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(err)?;
    let max: i64 = tx
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
        .map_err(err)?;
    let Some(after) = upto else {
        set_indexed_upto(&tx, max)?;
        return tx.commit().map_err(err);
    };
    if after >= max {
        return Ok(());
    }
    post_after(&tx, after)?;
    tx.commit().map_err(err)
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

/// Adds the postings of up to 1,000 events after `after` (and moves `after` past them);
/// `false` when there were none.
fn post_chunk(
    tx: &rusqlite::Transaction<'_>,
    after: &mut i64,
    postings: &mut Postings,
) -> Result<bool, StoreError> {
    let mut stmt = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM events e WHERE seq > ?1 ORDER BY seq LIMIT 1000"
        ))
        .map_err(err)?;
    let mut rows = stmt.query([*after]).map_err(err)?;
    let mut any = false;
    while let Some(row) = rows.next().map_err(err)? {
        let (seq, e, _) = row_to_event(row).map_err(err)?;
        postings.add(seq, &e);
        *after = seq;
        any = true;
    }
    Ok(any)
}

/// Ascending `seq`s as LEB128 varints of their differences (the first from 0).
fn encode_seqs(seqs: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(seqs.len() * 2);
    let mut prev = 0i64;
    for &s in seqs {
        let mut d = (s - prev) as u64;
        prev = s;
        loop {
            let byte = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
}

fn decode_seqs(bytes: &[u8]) -> Vec<i64> {
    let mut out = Vec::new();
    let (mut prev, mut d, mut shift) = (0i64, 0u64, 0u32);
    for &b in bytes {
        d |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            prev += d as i64;
            out.push(prev);
            (d, shift) = (0, 0);
        } else {
            shift += 7;
            if shift > 63 {
                break;
            }
        }
    }
    out
}

/// The statements that store events, prepared once per transaction, the transaction's block
/// of records, and the writer's postings, which its events are added to.
pub(crate) struct EventWriter<'c, 'p> {
    event: rusqlite::CachedStatement<'c>,
    tx: &'c rusqlite::Transaction<'c>,
    /// The `seq` the next event takes, and the block's id (its first event's `seq`).
    next: i64,
    first: i64,
    /// The block's records, newline-separated, and how many.
    block: String,
    parts: i64,
    postings: &'p mut Postings,
    /// Whether an event was replaced: its new values' postings are written with it.
    replaced: bool,
}

impl<'c, 'p> EventWriter<'c, 'p> {
    pub(crate) fn new(
        tx: &'c rusqlite::Transaction<'c>,
        postings: &'p mut Postings,
    ) -> Result<Self, StoreError> {
        // Explicit seqs, from the largest + 1 as SQLite would choose (retention never deletes
        // the newest event), so that the rows can name their block before it is written.
        let next: i64 = match postings.next_seq.take() {
            Some(next) => next,
            None => tx
                .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM events")
                .and_then(|mut q| q.query_row([], |r| r.get(0)))
                .map_err(err)?,
        };
        Ok(EventWriter {
            event: tx
                .prepare_cached(
                    "INSERT INTO events (seq, event_id, account, time_ms, event_name, \
                     event_source, read_only, username, access_key_id, record, resources, \
                     block, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?10, ?11, ?12)",
                )
                .map_err(err)?,
            tx,
            next,
            first: next,
            block: BUFFERS.with_borrow_mut(|b| std::mem::take(&mut b.0)),
            parts: 0,
            postings,
            replaced: false,
        })
    }

    pub(crate) fn insert(&mut self, e: &EventRecord) -> Result<(), StoreError> {
        if self.parts == BLOCK_EVENTS {
            self.flush_block()?;
            self.first = self.next;
        }
        let seq = self.next;
        let inserted = self.event.execute(params![
            seq,
            e.event_id,
            e.account_id,
            e.time_ms,
            e.event_name,
            e.event_source,
            e.read_only,
            e.username,
            e.access_key_id,
            encode_resources(&e.resources),
            self.first,
            self.parts
        ]);
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                // The same event twice (a replacement raced its original): keep the newer.
                if self.stored_seq(e)?.is_some() {
                    return self.replace(e);
                }
                // Its `seq` was taken: the remembered next one is stale (another writer on
                // this database file, such as a second handle opened by a test). Read it again,
                // under this transaction's write lock; a second conflict is an error, never a
                // loop.
                let next: i64 = self
                    .tx
                    .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| {
                        r.get(0)
                    })
                    .map_err(err)?;
                if next <= seq {
                    return Err(StoreError(format!("event seq {seq} taken, next {next}")));
                }
                self.next = next;
                if self.parts == 0 {
                    self.first = next;
                }
                return self.insert(e);
            }
            Err(e) => return Err(err(e)),
        }
        self.next += 1;
        if self.parts > 0 {
            self.block.push('\n');
        }
        // A serialized record is one line (serde_json escapes control characters).
        self.block.push_str(&e.json);
        self.parts += 1;
        self.postings.add(seq, e);
        Ok(())
    }

    /// Replaces the stored copy of `e` (same event ID and account), keeping its place, its
    /// record now inline; its new values are posted in this transaction (the old postings
    /// stay, and lookups drop what no longer matches).
    pub(crate) fn replace(&mut self, e: &EventRecord) -> Result<(), StoreError> {
        let Some(seq) = self.stored_seq(e)? else {
            return self.insert(e);
        };
        self.tx
            .execute(
                "UPDATE events SET time_ms = ?2, event_name = ?3, event_source = ?4, \
                 read_only = ?5, username = ?6, access_key_id = ?7, record = ?8, \
                 resources = ?9, block = NULL, part = NULL WHERE seq = ?1",
                params![
                    seq,
                    e.time_ms,
                    e.event_name,
                    e.event_source,
                    e.read_only,
                    e.username,
                    e.access_key_id,
                    e.json,
                    encode_resources(&e.resources)
                ],
            )
            .map_err(err)?;
        self.postings.add(seq, e);
        self.replaced = true;
        Ok(())
    }

    /// The `seq` of the stored event with `e`'s event ID and account, if any.
    fn stored_seq(&self, e: &EventRecord) -> Result<Option<i64>, StoreError> {
        self.tx
            .query_row(
                "SELECT seq FROM events WHERE event_id = ?1 AND account = ?2",
                params![e.event_id, e.account_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)
    }

    /// Writes the transaction's last block (before its COMMIT) and, when `post` or an event
    /// was replaced (a stored event's postings are not rebuilt at open), every posting waiting
    /// in memory: returns whether it did, so that the caller clears them once committed.
    pub(crate) fn finish(mut self, post: bool) -> Result<bool, StoreError> {
        self.flush_block()?;
        // The buffer goes back for the next transaction, its capacity kept.
        let block = std::mem::take(&mut self.block);
        BUFFERS.with_borrow_mut(|b| b.0 = block);
        // The largest seq this transaction's events took.
        let upto = self.postings.upto.max(self.next - 1);
        if (post || self.replaced) && !self.postings.is_empty() {
            self.postings.write(self.tx, upto)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The largest `seq` taken so far (this transaction's last event's).
    pub(crate) fn last_seq(&self) -> i64 {
        self.next - 1
    }

    /// Compresses and inserts the block being filled, and empties it.
    fn flush_block(&mut self) -> Result<(), StoreError> {
        if self.parts > 0 {
            let written = BUFFERS.with_borrow_mut(|(_, out)| {
                // `decompress_size_prepended`'s layout: the size (u32 LE), then the block.
                let input = self.block.as_bytes();
                out.clear();
                out.resize(4 + lz4_flex::block::get_maximum_output_size(input.len()), 0);
                out[..4].copy_from_slice(&(input.len() as u32).to_le_bytes());
                let n = lz4_flex::block::compress_into(input, &mut out[4..])
                    .map_err(|e| StoreError(e.to_string()))?;
                self.tx
                    .prepare_cached("INSERT INTO event_blocks (id, data) VALUES (?1, ?2)")
                    .and_then(|mut q| q.execute(params![self.first, &out[..4 + n]]))
                    .map_err(err)
            });
            written?;
        }
        self.block.clear();
        self.parts = 0;
        Ok(())
    }
}

thread_local! {
    /// The writer thread's block of records and compression output, reused by every
    /// transaction (fresh large buffers each time cost page faults and zeroing).
    static BUFFERS: std::cell::RefCell<(String, Vec<u8>)> = const {
        std::cell::RefCell::new((String::new(), Vec::new()))
    };
}

/// Records in one block at most: a lookup reads a whole block for one of its events, so blocks
/// stay small (32 records: ~25 KB to decompress, still a fifth or less of their size stored).
const BLOCK_EVENTS: i64 = 32;

/// Decompressed blocks of records, kept while one read resolves its events' records.
#[derive(Default)]
pub(crate) struct Blocks {
    cache: HashMap<i64, String>,
}

impl Blocks {
    /// Blocks kept at most.
    const KEPT: usize = 64;

    /// The record of an event: `inline` itself, or line `part` of block `block`.
    pub(crate) fn record(
        &mut self,
        conn: &Connection,
        inline: String,
        block: Option<(i64, i64)>,
    ) -> Result<String, StoreError> {
        let Some((block, part)) = block else {
            return Ok(inline);
        };
        if !self.cache.contains_key(&block) {
            if self.cache.len() >= Self::KEPT {
                self.cache.clear();
            }
            let data: Vec<u8> = conn
                .prepare_cached("SELECT data FROM event_blocks WHERE id = ?1")
                .and_then(|mut s| s.query_row([block], |r| r.get(0)))
                .map_err(err)?;
            let text = lz4_flex::decompress_size_prepended(&data)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| StoreError(format!("event block {block} is corrupt")))?;
            self.cache.insert(block, text);
        }
        self.cache
            .get(&block)
            .and_then(|text| text.split('\n').nth(usize::try_from(part).ok()?))
            .map(str::to_string)
            .ok_or_else(|| StoreError(format!("event block {block} has no record {part}")))
    }
}

fn encode_resources(resources: &[EventResource]) -> Option<String> {
    if resources.is_empty() {
        return None;
    }
    let pairs: Vec<[&str; 2]> = resources
        .iter()
        .map(|r| [r.resource_type.as_str(), r.resource_name.as_str()])
        .collect();
    serde_json::to_string(&pairs).ok()
}

fn decode_resources(text: Option<String>) -> Vec<EventResource> {
    text.and_then(|t| serde_json::from_str::<Vec<[String; 2]>>(&t).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|[resource_type, resource_name]| EventResource {
            resource_type,
            resource_name,
        })
        .collect()
}

const COLUMNS: &str = "e.seq, e.event_id, e.account, e.time_ms, e.event_name, e.event_source, \
                       e.read_only, e.username, e.access_key_id, e.record, e.resources, \
                       e.block, e.part";

/// An event row: its `seq`, the event (its `json` still '' when in a block) and its block and
/// line.
type EventRow = (i64, EventRecord, Option<(i64, i64)>);

fn row_to_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let block: Option<i64> = r.get(11)?;
    let part: Option<i64> = r.get(12)?;
    Ok((
        r.get(0)?,
        EventRecord {
            event_id: r.get(1)?,
            account_id: r.get(2)?,
            time_ms: r.get(3)?,
            event_name: r.get(4)?,
            event_source: r.get(5)?,
            read_only: r.get(6)?,
            username: r.get(7)?,
            access_key_id: r.get(8)?,
            json: r.get(9)?,
            resources: decode_resources(r.get(10)?),
        },
        block.zip(part),
    ))
}

/// Whole events with `seq > after`, oldest first, at most `limit`, records read from their
/// blocks (`iamd migrate`).
pub(crate) fn full_events(
    conn: &Connection,
    after: i64,
    limit: usize,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM events e WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        ))
        .and_then(|mut q| {
            q.query_map(
                params![after, i64::try_from(limit).unwrap_or(i64::MAX)],
                row_to_event,
            )?
            .collect()
        })
        .map_err(err)?;
    let mut blocks = Blocks::default();
    rows.into_iter()
        .map(|(seq, mut record, block)| {
            record.json = blocks.record(conn, std::mem::take(&mut record.json), block)?;
            Ok(StoredEvent { seq, record })
        })
        .collect()
}

/// The posting list a lookup walks: (attribute, value).
fn posting_key(a: &Option<LookupAttribute>) -> (i64, String) {
    match a {
        None | Some(LookupAttribute::EventId(_)) => (attr::ANY, String::new()),
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
     WHERE account = ?1 AND attr = ?2 AND value = ?3 AND max_time >= ?4 \
     ORDER BY max_time DESC, last_seq DESC";

/// One page of `q`: its account's events matching its attribute, newest first by
/// (time, seq), strictly before its cursor, at most `q.limit`.
pub(crate) fn lookup(conn: &Connection, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
    let before =
        |time_ms: i64, seq: i64| q.after.is_none_or(|c| (time_ms, seq) < (c.time_ms, c.seq));
    let mut by_seq = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM events e WHERE seq = ?1"))
        .map_err(err)?;
    // An event ID names at most one event: its index, then the same checks.
    if let Some(LookupAttribute::EventId(id)) = &q.attribute {
        let seq: Option<i64> = conn
            .query_row(
                "SELECT seq FROM events WHERE event_id = ?1 AND account = ?2",
                params![id, q.account_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        let Some(seq) = seq else {
            return Ok(Vec::new());
        };
        let found = by_seq
            .query_row([seq], row_to_event)
            .optional()
            .map_err(err)?;
        let Some((seq, mut record, block)) =
            found.filter(|(seq, e, _)| q.matches(e) && before(e.time_ms, *seq))
        else {
            return Ok(Vec::new());
        };
        record.json = Blocks::default().record(conn, std::mem::take(&mut record.json), block)?;
        return Ok(vec![StoredEvent { seq, record }]);
    }
    if q.limit == 0 {
        return Ok(Vec::new());
    }
    let (attribute, value) = posting_key(&q.attribute);
    let upper = q.after.map_or(q.end_ms, |c| c.time_ms.min(q.end_ms));
    let mut walk = conn.prepare_cached(POSTINGS_SQL).map_err(err)?;
    let mut postings = walk
        .query(params![q.account_id, attribute, value, q.start_ms])
        .map_err(err)?;
    // (event, its block and line): records are read for the page's events only.
    let mut found: Vec<(StoredEvent, Option<(i64, i64)>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while let Some(row) = postings.next().map_err(err)? {
        let max_time: i64 = row.get(0).map_err(err)?;
        let min_time: i64 = row.get(1).map_err(err)?;
        // Full page, and this posting (like every one after it) holds nothing newer than the
        // page's oldest event: done.
        if found.len() >= q.limit
            && found
                .last()
                .is_some_and(|(oldest, _)| max_time < oldest.record.time_ms)
        {
            break;
        }
        if min_time > upper {
            continue;
        }
        let seqs = decode_seqs(&row.get::<_, Vec<u8>>(2).map_err(err)?);
        for seq in seqs.into_iter().rev() {
            if !seen.insert(seq) {
                continue;
            }
            let Some((seq, e, block)) = by_seq
                .query_row([seq], row_to_event)
                .optional()
                .map_err(err)?
            else {
                continue; // deleted by retention
            };
            if q.matches(&e) && before(e.time_ms, seq) {
                found.push((StoredEvent { seq, record: e }, block));
            }
        }
        found.sort_by_key(|(e, _)| std::cmp::Reverse((e.record.time_ms, e.seq)));
        found.truncate(q.limit);
    }
    let mut blocks = Blocks::default();
    found
        .into_iter()
        .map(|(mut e, block)| {
            e.record.json = blocks.record(conn, std::mem::take(&mut e.record.json), block)?;
            Ok(e)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::store::Store;

    /// 100 events in one transaction: four blocks; every record reads back as written, by
    /// lookup and by the operator's reader.
    #[tokio::test]
    async fn records_in_several_blocks_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let store = crate::SqliteStore::open(&path).unwrap();
        let events: Vec<EventRecord> = (0..100)
            .map(|i| EventRecord {
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
        store.submit(Vec::new()).await.unwrap().unwrap();
        let blocks: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM event_blocks", [], |r| r.get(0))
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
        let read = crate::reader::EventReader::open(&path)
            .unwrap()
            .range(0, 1_000)
            .unwrap();
        let records: Vec<&str> = read.iter().map(|e| e.record.as_str()).collect();
        let written: Vec<&str> = events.iter().map(|e| e.json.as_str()).collect();
        assert_eq!(records, written);
    }

    /// Postings wait in the writer's memory, not in each transaction; a lookup's barrier
    /// writes them; those a crash lost are rebuilt at open from the events past
    /// `event_index.upto`.
    #[tokio::test]
    async fn postings_are_written_later_and_rebuilt_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("iamd.db");
        let count = |sql: &str| -> i64 {
            Connection::open(&path)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap()
        };
        let event = |i: i64| EventRecord {
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
                resource_name: format!("user-{i}"),
            }],
            json: format!(r#"{{"eventID":"id-{i:03}"}}"#),
        };
        let by_user = |name: &str| EventQuery {
            account_id: "111".into(),
            attribute: Some(LookupAttribute::ResourceName(name.into())),
            start_ms: 0,
            end_ms: i64::MAX,
            after: None,
            limit: 50,
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
            assert_eq!(count("SELECT COUNT(*) FROM events"), 10);
            assert_eq!(count("SELECT COUNT(*) FROM event_postings"), 0);
            // A barrier (what LookupEvents sends first) writes them.
            store.submit(Vec::new()).await.unwrap().unwrap();
            assert!(count("SELECT COUNT(*) FROM event_postings") > 0);
            assert_eq!(count("SELECT upto FROM event_index"), 10);
            assert_eq!(store.lookup_events(&by_user("user-4")).unwrap().len(), 1);
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
        Connection::open(&path)
            .unwrap()
            .execute_batch("DELETE FROM event_postings; UPDATE event_index SET upto = 0;")
            .unwrap();
        let store = crate::SqliteStore::open(&path).unwrap();
        for i in [0, 9, 10, 19] {
            let found = store.lookup_events(&by_user(&format!("user-{i}"))).unwrap();
            assert_eq!(found.len(), 1, "user-{i}");
            assert_eq!(found[0].record, event(i));
        }
        let all = EventQuery {
            attribute: None,
            ..by_user("")
        };
        assert_eq!(store.lookup_events(&all).unwrap().len(), 20);
        assert_eq!(count("SELECT upto FROM event_index"), 20);
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
