//! The HTTP front of iamd: one request goes parse → authenticate (SigV4) → decode and validate
//! (botocore model) → authorize (one step, operations table) → execute (iam-core) → encode XML.
//! Every failure becomes an AWS error document; nothing here panics on client input.
pub mod errors;
mod handler;
mod listener;
pub mod moto_api;
pub mod ops;

pub use handler::{Request, Response, ServerConfig, handle};
pub use listener::{ListenerConfig, serve, serve_with};
