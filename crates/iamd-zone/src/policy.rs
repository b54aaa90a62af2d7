//! Policy documents: decoding what IAM returns (URL-encoded JSON) and comparing documents by
//! meaning rather than by text.
use serde_json::Value;

/// A document as IAM returns it (RFC 3986 percent-encoded JSON) or as a spec gives it.
pub fn decode(text: &str) -> Value {
    let decoded = if text.trim_start().starts_with('{') {
        text.to_string()
    } else {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    serde_json::from_str(&decoded)
        .or_else(|_| serde_json::from_str(text))
        .unwrap_or_else(|_| Value::String(text.to_string()))
}

/// A spec document: a mapping, or JSON text.
pub fn from_spec(doc: &Value) -> Value {
    match doc {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| doc.clone()),
        other => other.clone(),
    }
}

/// The text sent to IAM.
pub fn text(doc: &Value) -> String {
    match doc {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The form two documents are compared in: one-element lists are their element (IAM treats
/// `"Action": "x"` and `"Action": ["x"]` alike), key order is ignored (map equality).
pub fn canonical(v: &Value) -> Value {
    match v {
        Value::Array(items) if items.len() == 1 => canonical(&items[0]),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        other => other.clone(),
    }
}

pub fn same(a: &Value, b: &Value) -> bool {
    canonical(&from_spec(a)) == canonical(&from_spec(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_iam_encoding_and_compares_by_meaning() {
        let enc = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let live = decode(enc);
        let spec = json!({"Statement": {"Resource": ["*"], "Effect": "Allow", "Action": ["s3:*"]}, "Version": "2012-10-17"});
        assert!(same(&live, &spec));
        assert!(!same(
            &live,
            &json!({"Version": "2012-10-17", "Statement": []})
        ));
    }
}
