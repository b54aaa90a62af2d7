//! AWS Query protocol responses: a handler's JSON result serialized as XML following the
//! operation's output shape, and the `ErrorResponse` document.
//! See <https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#response-serialization>.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::{MemberRef, Model, Service, Shape, ShapeKind};

/// Serializes a handler's JSON result following the operation's output shape:
/// `<{Action}Response xmlns=NS><{Action}Result>…</{Action}Result><ResponseMetadata><RequestId>id
/// </RequestId></ResponseMetadata></{Action}Response>`; without an output shape the `Result`
/// element is left out.
///
/// Members are written in model order under their model names; JSON keys the model does not
/// know and `null` values are left out, so a handler cannot leak fields AWS does not send.
/// Timestamps and blobs are written as given: handlers pass ISO-8601 (`2026-11-25T14:22:10Z`)
/// and base64 text respectively.
pub fn encode_output(model: &Model, action: &str, output: &Value, request_id: &str) -> String {
    let mut out = String::with_capacity(512);
    let _ = write!(
        out,
        "<{action}Response xmlns=\"{}\">",
        escape(model.xml_namespace())
    );
    let op = model.operation(action);
    if let Some((op, shape_id)) = op.and_then(|op| op.output.map(|id| (op, id))) {
        let wrapper = op
            .result_wrapper
            .clone()
            .unwrap_or_else(|| format!("{action}Result"));
        let _ = write!(out, "<{wrapper}>");
        write_members(model, model.shape(shape_id), output, &mut out);
        let _ = write!(out, "</{wrapper}>");
    } else if cfg!(debug_assertions)
        && let Some(fields) = output.as_object()
    {
        for key in fields.keys() {
            record_unknown_key(format!("{action} (no output shape).{key}"));
        }
    }
    write_response_metadata(request_id, &mut out);
    let _ = write!(out, "</{action}Response>");
    out
}

/// Output keys no model knows, recorded by debug builds (see `write_members`).
static UNKNOWN_OUTPUT_KEYS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn record_unknown_key(key: String) {
    if let Ok(mut keys) = UNKNOWN_OUTPUT_KEYS.lock() {
        keys.push(key);
    }
}

/// The output keys handlers produced that their model does not know (`Shape.key`), since the
/// last call: always empty in release builds. Test harnesses assert it stays empty.
pub fn take_unknown_output_keys() -> Vec<String> {
    UNKNOWN_OUTPUT_KEYS
        .lock()
        .map(|mut keys| std::mem::take(&mut *keys))
        .unwrap_or_default()
}

/// `<ErrorResponse xmlns=NS><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…
/// </Message></Error><RequestId>…</RequestId></ErrorResponse>`, the form IAM and STS use. An
/// empty message leaves `Message` out, as AWS does for a few errors (ReportNotPresent).
pub fn encode_error(
    service: Service,
    error_type: &str,
    code: &str,
    message: &str,
    request_id: &str,
) -> String {
    let message = if message.is_empty() {
        String::new()
    } else {
        format!("<Message>{}</Message>", escape(message))
    };
    format!(
        "<ErrorResponse xmlns=\"{}\"><Error><Type>{}</Type><Code>{}</Code>{message}\
         </Error><RequestId>{}</RequestId></ErrorResponse>",
        escape(service.xml_namespace()),
        escape(error_type),
        escape(code),
        escape(request_id),
    )
}

fn write_response_metadata(request_id: &str, out: &mut String) {
    let _ = write!(
        out,
        "<ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata>",
        escape(request_id)
    );
}

/// Escapes text for element content and attribute values. `\r` is written as a character
/// reference because XML parsers otherwise normalise it away.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

/// The members of a structure value, without an enclosing element.
fn write_members(model: &Model, shape: &Shape, value: &Value, out: &mut String) {
    let (ShapeKind::Structure { members, .. }, Value::Object(fields)) = (&shape.kind, value) else {
        return;
    };
    // A key the model does not know is a handler's typo (a field that would never reach the
    // client). It is left out; debug builds (every test) also record it, and the test harnesses
    // fail on any recorded key (`take_unknown_output_keys`) — a record, not a panic, so a
    // server never drops a request over it.
    if cfg!(debug_assertions) {
        for key in fields.keys() {
            if !members.iter().any(|m| &m.name == key) {
                record_unknown_key(format!("{}.{key}", shape.name));
            }
        }
    }
    for member in members {
        let Some(v) = fields.get(&member.name).filter(|v| !v.is_null()) else {
            continue;
        };
        write_value(model, &member.reference, member.wire_name(), v, out);
    }
}

/// One value as the element `name` (or, for a flattened list or map, as repeated elements).
fn write_value(model: &Model, reference: &MemberRef, name: &str, value: &Value, out: &mut String) {
    let shape = model.shape(reference.target);
    let flattened = shape.flattened || reference.flattened;
    match (&shape.kind, value) {
        (ShapeKind::Structure { .. }, Value::Object(_)) => {
            let _ = write!(out, "<{name}>");
            write_members(model, shape, value, out);
            let _ = write!(out, "</{name}>");
        }
        (ShapeKind::List { member }, Value::Array(items)) => {
            let items = items.iter().filter(|v| !v.is_null());
            if flattened {
                let item_name = member.location_name.as_deref().unwrap_or(name);
                for item in items {
                    write_value(model, member, item_name, item, out);
                }
            } else {
                let item_name = member.location_name.as_deref().unwrap_or("member");
                let _ = write!(out, "<{name}>");
                for item in items {
                    write_value(model, member, item_name, item, out);
                }
                let _ = write!(out, "</{name}>");
            }
        }
        (
            ShapeKind::Map {
                key,
                value: value_ref,
            },
            Value::Object(entries),
        ) => {
            let key_name = key.location_name.as_deref().unwrap_or("key");
            let value_name = value_ref.location_name.as_deref().unwrap_or("value");
            let (outer, entry) = if flattened {
                (None, name)
            } else {
                (Some(name), "entry")
            };
            if let Some(outer) = outer {
                let _ = write!(out, "<{outer}>");
            }
            for (k, v) in entries {
                let _ = write!(out, "<{entry}><{key_name}>{}</{key_name}>", escape(k));
                if !v.is_null() {
                    write_value(model, value_ref, value_name, v, out);
                }
                let _ = write!(out, "</{entry}>");
            }
            if let Some(outer) = outer {
                let _ = write!(out, "</{outer}>");
            }
        }
        (_, Value::String(s)) => {
            let _ = write!(out, "<{name}>{}</{name}>", escape(s));
        }
        (_, Value::Number(n)) => {
            let _ = write!(out, "<{name}>{n}</{name}>");
        }
        (_, Value::Bool(b)) => {
            let _ = write!(out, "<{name}>{b}</{name}>");
        }
        // A JSON shape that does not fit the model's shape has no defined encoding; leaving it
        // out keeps the document parseable by the SDKs.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("a\r\nb"), "a&#xD;\nb");
    }

    #[test]
    fn error_document() {
        let xml = encode_error(
            Service::Iam,
            "Sender",
            "NoSuchEntity",
            "The user with name <bob> cannot be found.",
            "rid-1",
        );
        assert_eq!(
            xml,
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>\
             <Code>NoSuchEntity</Code><Message>The user with name &lt;bob&gt; cannot be found.</Message>\
             </Error><RequestId>rid-1</RequestId></ErrorResponse>"
        );
    }
}
