//! `iamd events`: the audit events of a data directory, for operators, as JSON lines (each
//! line one event's CloudTrail record), read straight from the database with a read-only
//! connection (`iam_store::reader`): safe while the server runs — SQLite's WAL lets a reader
//! see every committed event without blocking the server's writer — and it takes no data
//! directory lock, which guards the server's working set, not the database. With `--store
//! postgres://…` (a cluster), from the PostgreSQL database the nodes share
//! (`iam_store::postgres_events::PgEventReader`), up to the committed horizon (INVARIANT
//! (pg-committed-horizon)), so `--follow` neither skips nor repeats an event whichever node
//! committed it.
use iam_store::postgres_events::PgEventReader;
use iam_store::reader::{EventFilter, EventReader, ReadEvent};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Data directory of the server (read only; the server may be running).
    #[arg(long, env = "IAMD_DATA_DIR", default_value = "./iamd-data")]
    data_dir: PathBuf,
    /// A cluster's PostgreSQL database (postgres://…) instead of the data directory's SQLite.
    #[arg(long, env = "IAMD_STORE", value_name = "URL")]
    store: Option<String>,
    /// Only this account's events (the recipient account; default: every account).
    #[arg(long, value_name = "ACCOUNT_ID")]
    account: Option<String>,
    /// Only events of this API action (CreateUser, AssumeRole, …).
    #[arg(long, value_name = "NAME")]
    event_name: Option<String>,
    /// Only events of this user name, as LookupEvents' Username: the IAM user, `root`, a role
    /// session's or federated user's name.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Only events of requests signed with this access key.
    #[arg(long, value_name = "KEY_ID")]
    access_key_id: Option<String>,
    /// Only events naming this resource (a user, role, group name, a policy ARN, a key ID …).
    #[arg(long, value_name = "NAME")]
    resource_name: Option<String>,
    /// Only events naming a resource of this type (AWS::IAM::User, AWS::IAM::Role, …).
    #[arg(long, value_name = "TYPE")]
    resource_type: Option<String>,
    /// Only events of this service (iam.amazonaws.com, sts.amazonaws.com,
    /// organizations.amazonaws.com, cloudtrail.amazonaws.com).
    #[arg(long, value_name = "SOURCE")]
    event_source: Option<String>,
    /// Only read-only events (true) or only the others (false).
    #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
    read_only: Option<bool>,
    /// Only events at or after this time (RFC 3339, e.g. 2026-05-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    start: Option<String>,
    /// Only events at or before this time (RFC 3339; the whole second is included).
    #[arg(long, value_name = "TIME")]
    end: Option<String>,
    /// At most this many events: the newest that match (still printed oldest first).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    limit: Option<u64>,
    /// After the events so far, keep printing new ones as they are committed, until
    /// interrupted (Ctrl-C).
    #[arg(long)]
    follow: bool,
    /// With --follow: milliseconds between two looks for new events.
    #[arg(long, value_name = "MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(50..=60_000))]
    poll_ms: u64,
}

/// Events read per query: memory stays bounded whatever the number of events.
const PAGE: usize = 1000;

/// An RFC 3339 time as milliseconds; `end`: the last millisecond of that second.
fn time_ms(flag: &str, value: &Option<String>, end: bool) -> Result<Option<i64>, String> {
    let Some(text) = value else {
        return Ok(None);
    };
    let secs = iam_core::entities::parse_iso8601(text).ok_or_else(|| {
        format!("{flag} {text:?} is not an RFC 3339 time (e.g. 2026-05-01T00:00:00Z)")
    })?;
    Ok(Some(secs.saturating_mul(1000) + if end { 999 } else { 0 }))
}

/// Writes the events as JSON lines. `Ok(false)`: the reader went away (a closed pipe, as
/// `iamd events | head`), which ends the command quietly.
fn print(out: &mut impl Write, events: &[ReadEvent]) -> Result<bool, String> {
    let written = events
        .iter()
        .try_for_each(|e| {
            out.write_all(e.record.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
        })
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(format!("cannot write: {e}")),
    }
}

pub fn run(args: EventsArgs) -> Result<(), String> {
    let mut filter = EventFilter {
        account: args.account,
        event_name: args.event_name,
        username: args.user,
        access_key_id: args.access_key_id,
        resource_name: args.resource_name,
        resource_type: args.resource_type,
        event_source: args.event_source,
        read_only: args.read_only,
        start_ms: time_ms("--start", &args.start, false)?,
        end_ms: time_ms("--end", &args.end, true)?,
        upto_seq: None,
    };
    let mut reader = match &args.store {
        Some(url) if iam_store::postgres::is_postgres_url(url) => {
            Reader::Postgres(PgEventReader::open(url).map_err(|e| e.to_string())?)
        }
        Some(other) => {
            return Err(format!(
                "--store {other:?}: expected a postgres:// URL (SQLite is the default: no --store)"
            ));
        }
        None => {
            let db = args.data_dir.join("iamd.db");
            if !db.exists() {
                return Err(format!(
                    "{} is not an iamd data directory (no iamd.db)",
                    args.data_dir.display()
                ));
            }
            Reader::Sqlite(EventReader::open(&db).map_err(|e| e.to_string())?)
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // The events so far: up to a snapshot of the newest `seq`, from which --follow goes on.
    let mut seen = reader.max_seq().map_err(|e| e.to_string())?;
    filter.upto_seq = Some(seen);
    match args.limit {
        Some(limit) => {
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let events = reader
                .read(&filter, 0, limit, true)
                .map_err(|e| e.to_string())?;
            if !print(&mut out, &events)? {
                return Ok(());
            }
        }
        None => {
            if !print_all(&reader, &filter, 0, &mut out)? {
                return Ok(());
            }
        }
    }
    if !args.follow {
        return Ok(());
    }
    let poll = Duration::from_millis(args.poll_ms);
    loop {
        std::thread::sleep(poll);
        // A cheap look first: the committed horizon (PostgreSQL) briefly holds new events
        // back, so it is taken only when there is something new.
        if reader.newest_seq().map_err(|e| e.to_string())? <= seen {
            continue;
        }
        let newest = reader.max_seq().map_err(|e| e.to_string())?;
        if newest <= seen {
            continue;
        }
        filter.upto_seq = Some(newest);
        if !print_all(&reader, &filter, seen, &mut out)? {
            return Ok(());
        }
        seen = newest;
    }
}

/// Where the events are read.
enum Reader {
    Sqlite(EventReader),
    Postgres(PgEventReader),
}

impl Reader {
    /// The newest `seq` a reader may follow from (every event up to it committed).
    fn max_seq(&mut self) -> Result<i64, iam_core::store::StoreError> {
        match self {
            Reader::Sqlite(r) => r.max_seq(),
            Reader::Postgres(r) => r.max_seq(),
        }
    }

    /// The newest event's `seq`, committed or not (PostgreSQL; SQLite's is committed).
    fn newest_seq(&self) -> Result<i64, iam_core::store::StoreError> {
        match self {
            Reader::Sqlite(r) => r.max_seq(),
            Reader::Postgres(r) => r.newest_seq(),
        }
    }

    fn read(
        &self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
        newest: bool,
    ) -> Result<Vec<ReadEvent>, iam_core::store::StoreError> {
        match self {
            Reader::Sqlite(r) => r.read(filter, after, limit, newest),
            Reader::Postgres(r) => r.read(filter, after, limit, newest),
        }
    }
}

/// Every event matching `filter` after `after`, page by page.
fn print_all(
    reader: &Reader,
    filter: &EventFilter,
    mut after: i64,
    out: &mut impl Write,
) -> Result<bool, String> {
    loop {
        let page = reader
            .read(filter, after, PAGE, false)
            .map_err(|e| e.to_string())?;
        if !print(out, &page)? {
            return Ok(false);
        }
        match page.last() {
            Some(last) if page.len() == PAGE => after = last.seq,
            _ => return Ok(true),
        }
    }
}
