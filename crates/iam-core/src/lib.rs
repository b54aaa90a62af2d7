//! iam-core
