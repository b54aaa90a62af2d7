//! iamd's integration tests, one test binary (the AWS SDK is linked once) grouped by feature:
//! each feature's tests sit together whatever drives them — the AWS SDK for Rust against a
//! server on a loopback port (`common`), signed requests sent straight into
//! `iam_server::handle` (`support`), or `iamd` as a child process (`process`).
//! Run one feature with `cargo test -p iamd --test features credentials::`, one file with
//! `cargo test -p iamd --test features credentials::passwords::`.

// Harnesses.
mod common;
mod process;
#[path = "../../../iam-server/tests/support/mod.rs"]
mod support;

/// Users, groups, roles, managed and inline policies, tags; policy changes taking effect.
mod identities {
    mod groups;
    mod inline_policies;
    mod policies;
    mod policy_changes;
    mod resource_tags;
    mod roles;
    mod service_linked_roles;
    mod users;
}

/// Access keys, console passwords and the password policy, MFA, SSH keys, certificates and
/// service-specific credentials, the credential report.
mod credentials {
    mod access_keys;
    mod credential_report;
    mod login_profiles;
    mod mfa;
    mod passwords;
    mod ssh_keys_and_certificates;
}

/// Authentication, authorization (the operations table, dependent actions, the simulator),
/// quotas and bad input.
mod authorization {
    mod auth;
    mod bad_input;
    mod dependent_actions;
    mod limits;
    mod operations_table;
    mod simulate;
    mod simulator_agrees;
}

/// Inbound federation (OIDC, SAML) and outbound identity federation.
mod federation {
    mod outbound_federation;
    mod web_identity_and_saml;
}

/// The account (aliases, summary) and Organizations: accounts, OUs, SCPs and RCPs, trusted
/// access, centralized root access, access reports; partitions (aws, aws-cn, aws-us-gov …).
mod accounts {
    mod account;
    mod org_access_report;
    mod organizations;
    mod partitions;
    mod resource_control_policies;
    mod root_access;
    mod service_access;
}

/// The audit trail: every request an event in CloudTrail's format, read with CloudTrail's
/// LookupEvents and `iamd events`, delivered as CloudTrail log files, kept for a retention.
mod audit_trail {
    mod day;
    mod events_cli;
    mod log;
    mod lookup;
    mod postings;
    mod retention;
    mod trail_files;
}

/// The binary and its listener: command line, connection limits, restart durability, the
/// root secret, break-glass, `iamd audit`, moto drop-in (open mode's control paths).
mod server {
    mod accept_backoff;
    mod audit;
    mod break_glass;
    mod cli;
    mod connections;
    mod durability;
    mod moto_dropin;
    mod ops;
    mod root_secret;
    mod shared_activity;
}

/// The web console (crates/iam-console) over HTTP: cookies, CSRF, denials, forced password
/// change, offboarding, ConsoleLogin events, switch role with MFA, the federation endpoint.
mod console;

/// The landing zone (`iamd plan` / `apply` / `export`, crates/iamd-zone) driven as a library
/// against the loopback server: the examples applied and re-planned, a user's reachable roles
/// with MFA, spec changes, drift, offboarding, export, spec errors.
mod zone {
    mod apply;
    mod drift;
    mod helpers;
    mod offboarding;
}
