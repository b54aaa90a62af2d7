//! Store implementations. `SqliteStore` is the embedded default: one SQLite database in the
//! data directory (WAL, synchronous=FULL) written by a single writer thread that batches every
//! submission waiting at that moment into one transaction — group commit, so N concurrent
//! writes cost one fsync — and acknowledges each batch only after its COMMIT returned.
//! Beside it, what reads and tends the audit events outside the request path: `reader` (a
//! read-only connection for `iamd events` and the trail), `trail` (CloudTrail log files for a
//! SIEM), `postgres_events` (the same two on PostgreSQL) and `retention` (deleting events past `--event-retention-days`).
mod events;
pub mod postgres;
pub mod postgres_events;
pub mod reader;
pub mod retention;
mod sqlite;
pub mod trail;

pub use postgres::PostgresStore;
pub use sqlite::{EVENTS_WINDOW, SqliteStore};
