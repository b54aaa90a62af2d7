//! The typed API of the services iamd serves: for IAM, STS, Organizations and CloudTrail
//! (LookupEvents only), every operation's
//! input and output structure and the structures they contain, generated from botocore's
//! service models (`crates/iam-wire/models/`) by `tools/codegen/gen_api.py` and checked in
//! (`python3 tools/codegen/gen_api.py --check` fails CI on a difference).
//!
//! The wire layer (`iam-wire`) decodes and validates a request against the same model into a
//! JSON value of member names; [`Input::from_json`] turns that value into the operation's input
//! struct, and a handler's output struct becomes the value the wire layer encodes with
//! [`Output::into_json`]. A member the model doesn't have cannot be written.

pub mod cloudtrail;
pub mod iam;
pub mod organizations;
pub mod sts;

use serde_json::Value;

/// An operation's input structure, read from the wire layer's decoded (and already validated)
/// JSON value.
pub trait Input: serde::de::DeserializeOwned {
    /// The input, or why the value doesn't fit it (the wire layer's validation makes this
    /// unreachable for requests it accepted).
    fn from_json(value: &Value) -> Result<Self, serde_json::Error> {
        Self::deserialize(value)
    }
}

/// The input of an operation whose model has none (GetAccountPasswordPolicy,
/// GenerateCredentialReport, DescribeOrganization…).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NoInput {}

impl Input for NoInput {}

/// An operation's output: what a handler returns, turned into the JSON value the wire layer
/// encodes (XML for the Query protocol, JSON for JSON 1.1).
pub trait Output {
    fn into_json(self) -> Value;
}

/// An operation without an output structure answers an empty result.
impl Output for () {
    fn into_json(self) -> Value {
        Value::Object(serde_json::Map::new())
    }
}

/// Marks the generated input structures.
#[macro_export]
#[doc(hidden)]
macro_rules! inputs {
    ($($t:ident,)*) => {
        $(impl $crate::Input for $t {})*
    };
}

/// Marks the generated output structures: serialized with their model member names, absent
/// optional members left out.
#[macro_export]
#[doc(hidden)]
macro_rules! outputs {
    ($($t:ident,)*) => {
        $(impl $crate::Output for $t {
            fn into_json(self) -> serde_json::Value {
                // Serializing plain structs of strings, numbers, lists and string-keyed maps
                // cannot fail.
                serde_json::to_value(self).unwrap_or_default()
            }
        })*
    };
}
