//! Store implementations. `SqliteStore` is the embedded default: one SQLite database in the
//! data directory (WAL, synchronous=FULL) written by a single writer thread that batches every
//! submission waiting at that moment into one transaction — group commit, so N concurrent
//! writes cost one fsync — and acknowledges each batch only after its COMMIT returned.
mod sqlite;

pub use sqlite::SqliteStore;
