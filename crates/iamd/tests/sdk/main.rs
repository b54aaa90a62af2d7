//! iamd's integration tests through the AWS SDK for Rust, as one test binary (the SDK is linked
//! once, not once per file), grouped by feature. Run one feature with
//! `cargo test -p iamd --test sdk users::`.

// Harnesses: an in-process server on a loopback port, and `iamd` as a child process.
mod common;
mod process;

// Identities and their credentials.
mod access_keys;
mod groups;
mod inline_policies;
mod login_profiles;
mod policies;
mod roles;
mod users;

// Authentication, quotas and account-wide settings.
mod account;
mod auth;
mod limits;
mod outbound_federation;

// Organizations-wide features.
mod org_access_report;
mod root_access;
mod service_access;

// The binary: command line, listener, restart durability, root secret, break-glass, audit.
mod accept_backoff;
mod audit;
mod break_glass;
mod cli;
mod durability;
mod root_secret;
