//! iam-server's integration tests, driven through `handle` with SigV4-signed requests (no socket
//! unless the test is about the listener), as one test binary grouped by feature. Run one feature
//! with `cargo test -p iam-server --test server federation::`.

// The harness: an `Iam` on a `MemoryStore`, signed requests, XML helpers.
mod support;

// Authorization: the operations table, dependent actions, tags, policy changes, the simulator.
mod dependent_actions;
mod operations_table;
mod policy_changes;
mod resource_tags;
mod simulate;
mod simulator_agrees;

// Credentials and sign-in material.
mod credential_report;
mod credentials;
mod mfa;
mod passwords;

// Federation and Organizations.
mod federation;
mod organizations;

// The wire and the listener: bad input, connection limits.
mod bad_input;
mod connections;
