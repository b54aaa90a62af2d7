//! The IAM/STS domain: entities, IDs and ARNs, AWS's rules and quotas, the `Store` trait, and
//! one function per AWS action. No HTTP, XML or SQL here.
pub mod actions;
pub mod activity;
pub mod arns;
pub mod audit;
pub mod authz;
pub mod break_glass;
pub mod catalog;
pub mod entities;
pub mod error;
pub mod ids;
pub mod input;
pub mod jwt;
pub mod op_context;
pub mod operations;
pub mod organizations;
pub mod paging;
pub mod password_rules;
pub mod pki;
pub mod policy_docs;
pub mod saml;
pub mod secrets;
pub mod service;
pub mod service_linked;
pub mod sessions;
pub mod sign_in;
pub mod state;
pub mod store;
pub mod totp;
pub mod xml_c14n;

pub use authz::{EnforcementMode, RequestInfo};
pub use error::{IamError, IamResult};
pub use iam_partitions::Partition;
pub use input::Input;

/// `Output::into_json` as a function path for the operations-table macro.
#[doc(hidden)]
pub fn __api_output<T: iam_api::Output>(out: T) -> serde_json::Value {
    out.into_json()
}
pub use operations::{Access, Auth, OPERATIONS, Operation, Protocol, Resource, Service, operation};
pub use service::{
    Caller, Iam, KeyAuth, NewRootCredentials, Principal, Quotas, persisted_state_diff,
};
pub use store::{Change, MemoryStore, Record, Store, StoreError};
