//! AWS Query protocol request decoding (flat `Name.member.N` parameters into the operation's
//! input shape as JSON) and validation against the model's constraints with AWS's messages.
//! See <https://smithy.io/2.0/aws/protocols/aws-query-protocol.html>.

mod validate;

use std::collections::BTreeMap;

use percent_encoding::percent_decode;
use serde_json::{Map, Number, Value};

use crate::model::{MemberRef, Model, Shape, ShapeKind};

/// Why a Query request could not be turned into an operation input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Constraint violations; the string is AWS's complete `ValidationError` message, e.g.
    /// `1 validation error detected: Value null at 'userName' failed to satisfy constraint: ...`.
    #[error("{0}")]
    Validation(String),
    /// A value that cannot be read as its member's type (a non-numeric integer, a boolean other
    /// than `true`/`false`) or an action the model does not have.
    #[error("{0}")]
    MalformedInput(String),
    /// The body or query string is not UTF-8 once percent-decoded.
    #[error("the request parameters are not valid UTF-8")]
    InvalidUtf8,
}

/// Parses an `application/x-www-form-urlencoded` body or a URL query string into ordered pairs.
/// `+` is a space, as form encoding (and botocore's serializer) has it; a name without `=` has
/// an empty value.
pub fn parse_params(raw: &[u8]) -> Result<Vec<(String, String)>, QueryError> {
    let decode = |part: &[u8]| -> Result<String, QueryError> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|_| QueryError::InvalidUtf8)
    };
    raw.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// Decodes flat Query params into a JSON object following the operation's input shape (member
/// names exactly as in the model) and validates it against the model's constraints.
/// `Action`, `Version` and the presigned-URL auth params (`X-Amz-*`) are not input members and
/// are skipped; other unknown params are ignored, as AWS ignores them.
pub fn decode_input(
    model: &Model,
    action: &str,
    params: &[(String, String)],
) -> Result<Value, QueryError> {
    let operation = model
        .operation(action)
        .ok_or_else(|| QueryError::MalformedInput(format!("unknown action {action}")))?;
    let Some(input) = operation.input else {
        return Ok(Value::Object(Map::new()));
    };
    let mut root = Node::default();
    for (name, value) in params {
        if name == "Action" || name == "Version" || name.starts_with("X-Amz-") {
            continue;
        }
        root.insert(name, value);
    }
    let shape = model.shape(input);
    let decoded = decode_shape(model, shape, None, &root, "")?.unwrap_or(Value::Null);
    let decoded = match decoded {
        Value::Object(_) => decoded,
        _ => Value::Object(Map::new()),
    };
    let errors = validate::validate_input(model, shape, &decoded);
    if !errors.is_empty() {
        return Err(QueryError::Validation(validate::message(&errors)));
    }
    match validate::service_checks(model, shape, &decoded) {
        Some(message) => Err(QueryError::Validation(message)),
        None => Ok(decoded),
    }
}

/// The parameters as a tree split on `.`: `Tags.member.1.Key` is the path
/// `Tags` → `member` → `1` → `Key`.
#[derive(Default, Debug)]
struct Node<'a> {
    value: Option<&'a str>,
    children: BTreeMap<&'a str, Node<'a>>,
}

impl<'a> Node<'a> {
    fn insert(&mut self, name: &'a str, value: &'a str) {
        let mut node = self;
        for segment in name.split('.') {
            node = node.children.entry(segment).or_default();
        }
        // A repeated parameter keeps its first value.
        node.value.get_or_insert(value);
    }

    fn child(&self, name: &str) -> Option<&Node<'a>> {
        self.children.get(name)
    }

    /// Children named by positive integers, in numeric order (AWS numbers list items from 1;
    /// gaps are tolerated and closed up).
    fn indexed(&self) -> Vec<&Node<'a>> {
        let mut items: Vec<(u64, &Node<'a>)> = self
            .children
            .iter()
            .filter_map(|(k, n)| k.parse::<u64>().ok().filter(|&i| i >= 1).map(|i| (i, n)))
            .collect();
        items.sort_by_key(|&(i, _)| i);
        items.into_iter().map(|(_, n)| n).collect()
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Decodes `node` as `shape`; `None` means the member is absent. `reference` is the reference
/// through which the shape was reached (its `flattened`/`locationName` apply), `param` the wire
/// name so far, for error messages.
fn decode_shape(
    model: &Model,
    shape: &Shape,
    reference: Option<&MemberRef>,
    node: &Node<'_>,
    param: &str,
) -> Result<Option<Value>, QueryError> {
    let scalar = node.value;
    let malformed = |what: &str, raw: &str| {
        QueryError::MalformedInput(format!(
            "Invalid value '{raw}' for parameter {param}: {what}"
        ))
    };
    Ok(match &shape.kind {
        ShapeKind::String | ShapeKind::Timestamp | ShapeKind::Blob => {
            scalar.map(|s| Value::String(s.to_owned()))
        }
        ShapeKind::Integer | ShapeKind::Long => match scalar {
            None => None,
            Some(raw) => {
                let parsed =
                    raw.trim().parse::<i64>().ok().filter(|n| {
                        matches!(shape.kind, ShapeKind::Long) || i32::try_from(*n).is_ok()
                    });
                let n = parsed.ok_or_else(|| malformed("expected an integer", raw))?;
                Some(Value::Number(n.into()))
            }
        },
        ShapeKind::Float | ShapeKind::Double => match scalar {
            None => None,
            Some(raw) => {
                let n = raw
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .ok_or_else(|| malformed("expected a number", raw))?;
                Some(Value::Number(n))
            }
        },
        ShapeKind::Boolean => match scalar {
            None => None,
            Some(raw) if raw.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
            Some(raw) if raw.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
            Some(raw) => return Err(malformed("expected true or false", raw)),
        },
        ShapeKind::List { member } => {
            let flattened = shape.flattened || reference.is_some_and(|r| r.flattened);
            let item_name = member.location_name.as_deref().unwrap_or("member");
            let (items_node, items_param) = if flattened {
                (Some(node), param.to_owned())
            } else {
                (node.child(item_name), join(param, item_name))
            };
            let items = items_node.map(Node::indexed).unwrap_or_default();
            if items.is_empty() {
                // botocore sends an empty list as the bare name with an empty value (`Tags=`).
                return Ok(scalar.map(|_| Value::Array(Vec::new())));
            }
            let target = model.shape(member.target);
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let item_param = join(&items_param, &(i + 1).to_string());
                if let Some(v) = decode_shape(model, target, Some(member), item, &item_param)? {
                    out.push(v);
                }
            }
            Some(Value::Array(out))
        }
        ShapeKind::Map { key, value } => {
            let flattened = shape.flattened || reference.is_some_and(|r| r.flattened);
            let entries_node = if flattened {
                Some(node)
            } else {
                node.child("entry")
            };
            let entries = entries_node.map(Node::indexed).unwrap_or_default();
            if entries.is_empty() {
                return Ok(scalar.map(|_| Value::Object(Map::new())));
            }
            let key_name = key.location_name.as_deref().unwrap_or("key");
            let value_name = value.location_name.as_deref().unwrap_or("value");
            let value_shape = model.shape(value.target);
            let mut out = Map::new();
            for (i, entry) in entries.into_iter().enumerate() {
                let entry_param = join(param, &format!("entry.{}", i + 1));
                let Some(k) = entry.child(key_name).and_then(|k| k.value) else {
                    continue;
                };
                let decoded = match entry.child(value_name) {
                    Some(v) => {
                        let v_param = join(&entry_param, value_name);
                        decode_shape(model, value_shape, Some(value), v, &v_param)?
                    }
                    None => None,
                };
                out.insert(k.to_owned(), decoded.unwrap_or(Value::Null));
            }
            Some(Value::Object(out))
        }
        ShapeKind::Structure { members, .. } => {
            let mut out = Map::new();
            for member in members {
                let Some(child) = node.child(member.wire_name()) else {
                    continue;
                };
                let target = model.shape(member.reference.target);
                let child_param = join(param, member.wire_name());
                if let Some(v) =
                    decode_shape(model, target, Some(&member.reference), child, &child_param)?
                {
                    out.insert(member.name.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_form_encoding() {
        let p = parse_params(b"Action=CreateUser&UserName=a%20b+c&Empty=&Bare&&Path=%2F").unwrap();
        let expect = [
            ("Action", "CreateUser"),
            ("UserName", "a b c"),
            ("Empty", ""),
            ("Bare", ""),
            ("Path", "/"),
        ];
        let got: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, expect);
        assert_eq!(parse_params(b"a=%C3%A9").unwrap()[0].1, "é");
        assert_eq!(parse_params(b"a=%FF"), Err(QueryError::InvalidUtf8));
        assert_eq!(parse_params(b""), Ok(vec![]));
    }
}
