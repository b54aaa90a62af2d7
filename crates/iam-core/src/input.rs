//! Typed access to an action's decoded input (a JSON object whose members are the botocore
//! model's member names). The wire layer has already enforced the model's constraints.
use crate::entities::Tag;
use crate::error::{IamError, IamResult};
use serde_json::Value;

#[derive(Debug, Clone, Default)]
pub struct Input(pub Value);

impl Input {
    pub fn new(v: Value) -> Self {
        Self(v)
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    pub fn opt_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// A required member: the model validation normally catches its absence first.
    pub fn str(&self, name: &str) -> IamResult<&str> {
        self.opt_str(name).ok_or_else(|| null_member(name))
    }

    pub fn opt_i64(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    pub fn opt_bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    pub fn strings(&self, name: &str) -> Vec<String> {
        self.get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn tags(&self, name: &str) -> Vec<Tag> {
        self.get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|t| Tag {
                        key: t
                            .get("Key")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        value: t
                            .get("Value")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn max_items(&self) -> usize {
        self.opt_i64("MaxItems")
            .map_or(100, |n| n.clamp(1, 1000) as usize)
    }

    pub fn marker(&self) -> Option<&str> {
        self.opt_str("Marker")
    }
}

/// What a row's handler takes from the decoded request: the operation's input structure
/// generated from the model (`iam_api::iam::CreateUserRequest`, `iam_api::NoInput`).
pub trait Decode: Sized {
    fn decode(input: &Input) -> IamResult<Self>;
}

impl<T: iam_api::Input> Decode for T {
    fn decode(input: &Input) -> IamResult<Self> {
        T::from_json(&input.0).map_err(|e| decode_error(&e.to_string()))
    }
}

/// The wire layer validated the input against the same model, so only a member it could not
/// check gets here; a missing one is answered as AWS answers it.
fn decode_error(message: &str) -> IamError {
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match missing {
        Some(member) => null_member(member),
        None => IamError::ValidationError(format!("1 validation error detected: {message}")),
    }
}

/// AWS's answer to a required member left out (`userName`: the member name, first letter
/// lowercased).
fn null_member(member: &str) -> IamError {
    let mut m = member.to_string();
    if let Some(f) = m.get_mut(0..1) {
        f.make_ascii_lowercase();
    }
    IamError::ValidationError(format!(
        "1 validation error detected: Value null at '{m}' failed to satisfy constraint: Member must not be null"
    ))
}
