//! The AWS JSON 1.1 protocol (AWS Organizations): `POST /` with `X-Amz-Target:
//! <Prefix>.<Action>`, a JSON body of the model's member names, JSON responses, and errors as
//! HTTP 400 `{"__type": "<Code>", "message": "…"}` (AWS SDKs: the awsJson1_1 protocol).
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
