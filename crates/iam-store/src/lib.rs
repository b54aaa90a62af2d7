//! iam-store
