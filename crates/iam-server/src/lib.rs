//! iam-server
