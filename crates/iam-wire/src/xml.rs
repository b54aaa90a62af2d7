//! xml (to be written)
