//! The HTTP front of iamd: one request goes parse → authenticate (SigV4) → decode and validate
//! (botocore model) → authorize (one step, operations table) → execute (iam-core) → encode XML.
//! Every failure becomes an AWS error document; nothing here panics on client input.
//! `/console/` and `/federation` are the web console's (crates/iam-console), whose pages call
//! operations through `call_as`: the same steps after authentication as a signed request.
mod console;
pub mod errors;
mod handler;
mod listener;
pub mod moto_api;
pub mod ops;

pub use handler::{CallInput, Request, Response, ServerConfig, call_as, handle};
pub use listener::{ListenerConfig, serve, serve_with};
