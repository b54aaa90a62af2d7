//! The AWS JSON 1.1 protocol (AWS Organizations): `POST /` with `X-Amz-Target:
//! <Prefix>.<Action>`, a JSON body of the model's member names, JSON responses, and errors as
//! HTTP 400 `{"__type": "<Code>", "message": "…"}` (AWS SDKs: the awsJson1_1 protocol).
use crate::model::{Model, Shape, ShapeKind};
use serde_json::{Map, Value};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Why a JSON request body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonBodyError {
    #[error("the request body is not valid JSON: {0}")]
    Syntax(String),
    #[error("the request body must be a JSON object")]
    NotAnObject,
}

/// The action named by an `X-Amz-Target` header with the given service prefix
/// (`AWSOrganizationsV20161128.CreateAccount` → `CreateAccount`).
pub fn target_action<'a>(target: &'a str, prefix: &str) -> Option<&'a str> {
    target
        .strip_prefix(prefix)?
        .strip_prefix('.')
        .filter(|a| !a.is_empty())
}

/// Parses a request body: empty means no members (SDKs send `{}`, some clients nothing).
pub fn parse_body(body: &[u8]) -> Result<Value, JsonBodyError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(JsonBodyError::NotAnObject),
        Err(e) => Err(JsonBodyError::Syntax(e.to_string())),
    }
}

/// How a JSON 1.1 input breaks its model: the reasons of Organizations'
/// `InvalidInputException`, with the texts AWS answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InputViolation {
    #[error("You must include a value for all required parameters.")]
    InputRequired,
    #[error("You provided a value that does not match the required pattern.")]
    InvalidPattern,
    #[error("You provided a string parameter that is longer than allowed.")]
    MaxLengthExceeded,
    #[error("You provided a string parameter that is shorter than allowed.")]
    MinLengthExceeded,
    #[error("You provided a numeric parameter that has a larger value than allowed.")]
    MaxValueExceeded,
    #[error("You provided a numeric parameter that has a smaller value than allowed.")]
    MinValueExceeded,
    #[error("You specified an invalid value.")]
    InvalidEnum,
    #[error("You provided a list to a parameter that contains at least one invalid value.")]
    InvalidListMember,
    /// A member of another JSON type than its shape's: the body cannot be read into the
    /// operation's input (AWS: SerializationException).
    #[error("A member of the request body has the wrong JSON type.")]
    WrongType,
}

/// Checks a JSON request body against the input shape of `action` in `model`: required members,
/// JSON types, lengths, ranges, patterns and enums, in model member order; the first violation
/// is the answer. Members the model does not have are ignored, as AWS ignores them.
pub fn check_input(model: &Model, action: &str, input: &Value) -> Result<(), InputViolation> {
    let Some(shape) = model
        .operation(action)
        .and_then(|op| op.input)
        .map(|id| model.shape(id))
    else {
        return Ok(());
    };
    check(model, shape, input)
}

fn check(model: &Model, shape: &Shape, value: &Value) -> Result<(), InputViolation> {
    use InputViolation::*;
    match (&shape.kind, value) {
        (ShapeKind::Structure { members, required }, Value::Object(fields)) => {
            for member in members {
                match fields.get(&member.name) {
                    None | Some(Value::Null) if required.contains(&member.name) => {
                        return Err(InputRequired);
                    }
                    None | Some(Value::Null) => {}
                    Some(v) => check(model, model.shape(member.reference.target), v)?,
                }
            }
            Ok(())
        }
        (ShapeKind::List { member }, Value::Array(items)) => {
            length(shape, items.len(), MinLengthExceeded, MaxLengthExceeded)?;
            let target = model.shape(member.target);
            items
                .iter()
                .try_for_each(|item| match check(model, target, item) {
                    Err(WrongType) => Err(WrongType),
                    Err(_) => Err(InvalidListMember),
                    Ok(()) => Ok(()),
                })
        }
        (ShapeKind::Map { key, value: v }, Value::Object(entries)) => {
            length(shape, entries.len(), MinLengthExceeded, MaxLengthExceeded)?;
            let (key_shape, value_shape) = (model.shape(key.target), model.shape(v.target));
            entries.iter().try_for_each(|(k, v)| {
                check(model, key_shape, &Value::String(k.clone()))?;
                check(model, value_shape, v)
            })
        }
        (ShapeKind::String, Value::String(s)) => {
            if let Some(values) = &shape.enum_values {
                return if values.contains(s) {
                    Ok(())
                } else {
                    Err(InvalidEnum)
                };
            }
            if let Some(p) = &shape.pattern
                && p.compiled().is_ok_and(|c| !c.is_match(s))
            {
                return Err(InvalidPattern);
            }
            length(
                shape,
                s.chars().count(),
                MinLengthExceeded,
                MaxLengthExceeded,
            )
        }
        (ShapeKind::Blob, Value::String(s)) => {
            length(shape, s.len(), MinLengthExceeded, MaxLengthExceeded)
        }
        (ShapeKind::Integer | ShapeKind::Long, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            range(shape, n.as_f64().unwrap_or_default())
        }
        (ShapeKind::Float | ShapeKind::Double | ShapeKind::Timestamp, Value::Number(n)) => {
            range(shape, n.as_f64().unwrap_or_default())
        }
        (ShapeKind::Boolean, Value::Bool(_)) | (ShapeKind::Timestamp, Value::String(_)) => Ok(()),
        _ => Err(WrongType),
    }
}

fn length(
    shape: &Shape,
    len: usize,
    short: InputViolation,
    long: InputViolation,
) -> Result<(), InputViolation> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    if shape.min.is_some_and(|min| len < min) {
        return Err(short);
    }
    if shape.max.is_some_and(|max| len > max) {
        return Err(long);
    }
    Ok(())
}

fn range(shape: &Shape, n: f64) -> Result<(), InputViolation> {
    if shape.min.is_some_and(|min| n < min as f64) {
        return Err(InputViolation::MinValueExceeded);
    }
    if shape.max.is_some_and(|max| n > max as f64) {
        return Err(InputViolation::MaxValueExceeded);
    }
    Ok(())
}

/// An error document as AWS JSON services send it.
pub fn encode_error(code: &str, message: &str) -> String {
    serde_json::json!({ "__type": code, "message": message }).to_string()
}

pub fn encode_output(output: &Value) -> String {
    match output {
        Value::Null => "{}".to_string(),
        v => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_bodies_and_errors() {
        let p = "AWSOrganizationsV20161128";
        assert_eq!(
            target_action("AWSOrganizationsV20161128.ListRoots", p),
            Some("ListRoots")
        );
        assert_eq!(target_action("AWSOrganizationsV20161128.", p), None);
        assert_eq!(target_action("Other.ListRoots", p), None);
        assert_eq!(parse_body(b"").unwrap(), serde_json::json!({}));
        assert_eq!(parse_body(b"[]"), Err(JsonBodyError::NotAnObject));
        assert!(matches!(parse_body(b"{"), Err(JsonBodyError::Syntax(_))));
        let e: Value = serde_json::from_str(&encode_error("X", "m \"q\"")).unwrap();
        assert_eq!(e["__type"], "X");
        assert_eq!(e["message"], "m \"q\"");
    }
}
