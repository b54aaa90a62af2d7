//! query (to be written)
