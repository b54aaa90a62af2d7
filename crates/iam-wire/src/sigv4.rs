//! sigv4 (to be written)
