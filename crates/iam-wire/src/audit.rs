//! A request's parameters and response as a CloudTrail record shows them, derived from the
//! operation's model: member names in lowerCamelCase as CloudTrail writes them (the first
//! letter lowered: `UserName` → `userName`, `SAMLAssertionID` → `sAMLAssertionID`), dates as
//! `Oct 27, 2025, 12:16:57 AM`, and secrets never: THE one place that decides what of a
//! request or response may be recorded.
//!
//! A member is secret when its shape is `sensitive` in the model (passwords, secret access
//! keys, private keys, MFA seeds and QR codes, SAML assertions, web identity tokens,
//! service-specific credential passwords, Organizations' account e-mails and names) or is named
//! in the lists below (session tokens, MFA codes: the models do not mark them). In
//! `requestParameters` a secret is written `HIDDEN_DUE_TO_SECURITY_REASONS` (CloudTrail's
//! CreateLoginProfile and ChangePassword events) or left out (the codes and tokens CloudTrail
//! leaves out); in `responseElements` it is left out (CreateAccessKey's secret, AssumeRole's
//! session token: not in the record).
use crate::model::{Model, Shape, ShapeKind};
use serde_json::{Map, Value};

/// What CloudTrail writes instead of a secret request parameter.
pub const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// Request members left out of `requestParameters` although the model does not mark them
/// sensitive: one-time codes and credentials carried by the request.
const OMITTED_REQUEST_MEMBERS: &[&str] = &[
    "TokenCode",
    "AuthenticationCode1",
    "AuthenticationCode2",
    "WebIdentityToken",
    "SAMLAssertion",
    "SessionToken",
    "PrivateKey",
    "CertificateChain",
    "SecretAccessKey",
];

/// Request members written `HIDDEN_DUE_TO_SECURITY_REASONS`.
const HIDDEN_REQUEST_MEMBERS: &[&str] = &["Password", "OldPassword", "NewPassword"];

/// Response members left out of `responseElements` although the model does not mark them
/// sensitive.
const OMITTED_RESPONSE_MEMBERS: &[&str] = &[
    "SessionToken",
    "SecretAccessKey",
    "Base32StringSeed",
    "QRCodePNG",
    "ServicePassword",
    "ServiceCredentialSecret",
    "WebIdentityToken",
    "Content",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

/// `requestParameters`: the decoded input of `action` (the members the request carried), or
/// `null` when it carried none.
pub fn request_parameters(model: &Model, action: &str, input: &Value) -> Value {
    let shape = io_shape(model, action, Direction::Request);
    convert_top(model, shape, input, Direction::Request)
}

/// `responseElements`: the output of `action` with secrets left out, or `null` when nothing
/// is left.
pub fn response_elements(model: &Model, action: &str, output: &Value) -> Value {
    let shape = io_shape(model, action, Direction::Response);
    convert_top(model, shape, output, Direction::Response)
}

/// `request_parameters`, written as the JSON text serde_json writes for it, without building
/// it (no map, no member name allocated): what a request thread captures for its event.
pub fn write_request_parameters(model: &Model, action: &str, input: &Value, out: &mut Vec<u8>) {
    let shape = io_shape(model, action, Direction::Request);
    write_top(model, shape, input, Direction::Request, out);
}

/// `response_elements`, written as `write_request_parameters` writes the parameters.
pub fn write_response_elements(model: &Model, action: &str, output: &Value, out: &mut Vec<u8>) {
    let shape = io_shape(model, action, Direction::Response);
    write_top(model, shape, output, Direction::Response, out);
}

/// The input (`Request`) or output (`Response`) shape of `action`, if the model has one.
fn io_shape<'m>(model: &'m Model, action: &str, dir: Direction) -> Option<&'m Shape> {
    let op = model.operation(action)?;
    let id = match dir {
        Direction::Request => op.input,
        Direction::Response => op.output,
    }?;
    Some(model.shape(id))
}

/// `convert_top`'s value, written: `null` for an empty object at the top.
fn write_top(
    model: &Model,
    shape: Option<&Shape>,
    value: &Value,
    dir: Direction,
    out: &mut Vec<u8>,
) {
    let start = out.len();
    match (shape, value) {
        (Some(shape), Value::Object(fields)) if !fields.is_empty() => {
            write_converted(model, shape, value, dir, out);
            if out[start..] == *b"{}" {
                out.truncate(start);
                out.extend_from_slice(b"null");
            }
        }
        _ => out.extend_from_slice(b"null"),
    }
    // The value is the reference: every event a debug build records (every test) is checked.
    debug_assert_eq!(
        std::str::from_utf8(&out[start..]).ok(),
        serde_json::to_string(&convert_top(model, shape, value, dir))
            .ok()
            .as_deref()
    );
}

/// `convert`'s value, written as serde_json writes it (`preserve_order`: members in the
/// model's order, map entries in the input's).
fn write_converted(model: &Model, shape: &Shape, value: &Value, dir: Direction, out: &mut Vec<u8>) {
    match (&shape.kind, value) {
        (ShapeKind::Structure { members, .. }, Value::Object(fields)) => {
            out.push(b'{');
            let mut first = true;
            for member in members {
                let Some(v) = field(fields, &member.name).filter(|v| !v.is_null()) else {
                    continue;
                };
                let target = model.shape(member.reference.target);
                let shown = shown(&member.name, target, dir);
                if shown == Shown::No {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                write_camel_key(&member.name, out);
                match shown {
                    Shown::Hidden => write_json(&HIDDEN, out),
                    _ => write_converted(model, target, v, dir, out),
                }
            }
            out.push(b'}');
        }
        (ShapeKind::List { member }, Value::Array(items)) => {
            let target = model.shape(member.target);
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_converted(model, target, item, dir, out);
            }
            out.push(b']');
        }
        (ShapeKind::Map { value: v, .. }, Value::Object(entries)) => {
            let target = model.shape(v.target);
            out.push(b'{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(key, out);
                out.push(b':');
                write_converted(model, target, item, dir, out);
            }
            out.push(b'}');
        }
        (ShapeKind::Timestamp, v) => {
            if let Some(t) = v.as_str().and_then(utc_seconds) {
                // What `timestamp` writes, without parsing through `time` or allocating (every
                // write's answer has a date: CreateUser's `createDate`).
                out.push(b'"');
                write_parameter_time(t, out);
                out.push(b'"');
            } else {
                match timestamp(v) {
                    Some(text) => write_json(&text, out),
                    None => write_json(v, out),
                }
            }
        }
        (_, Value::String(text)) => write_json_str(text, out),
        _ => write_json(value, out),
    }
}

/// A string as serde_json writes it: its bytes as they are when none needs escaping (one pass
/// the compiler vectorizes, where serde_json's serializer looks at each byte in turn: a
/// CreateUser's answer has five strings), else serde_json's escaping.
fn write_json_str(text: &str, out: &mut Vec<u8>) {
    let needs_escape = text.as_bytes().iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if needs_escape {
        write_json(text, out);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// Member `name` of a decoded structure. A structure holds a few members, and comparing their
/// names costs less than hashing the one looked up with the map's SipHash (CreateUser's answer:
/// ≈ 7,100 instructions to write its `responseElements` with hashing, most of it SipHash);
/// a large map is hashed into.
fn field<'v>(fields: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    const SCANNED: usize = 16;
    if fields.len() <= SCANNED {
        fields.iter().find_map(|(k, v)| (k == name).then_some(v))
    } else {
        fields.get(name)
    }
}

/// `"camel":` for a member name (`camel`), without allocating for the ASCII names models use.
fn write_camel_key(name: &str, out: &mut Vec<u8>) {
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        out.push(b'"');
        if let Some((first, rest)) = name.as_bytes().split_first() {
            out.push(first.to_ascii_lowercase());
            out.extend_from_slice(rest);
        }
        out.extend_from_slice(b"\":");
    } else {
        write_json(&camel(name), out);
        out.push(b':');
    }
}

/// A value as serde_json writes it (writing into a `Vec` cannot fail).
fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// How a record shows a member.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// As converted.
    Yes,
    /// Written `HIDDEN_DUE_TO_SECURITY_REASONS`.
    Hidden,
    /// Left out.
    No,
}

/// How a record shows member `name` of shape `target`: THE secrecy rule (see the module's
/// documentation).
fn shown(name: &str, target: &Shape, dir: Direction) -> Shown {
    let secret = target.sensitive
        || match dir {
            Direction::Request => OMITTED_REQUEST_MEMBERS.contains(&name),
            Direction::Response => OMITTED_RESPONSE_MEMBERS.contains(&name),
        };
    let hidden = dir == Direction::Request
        && (HIDDEN_REQUEST_MEMBERS.contains(&name)
            || (target.sensitive && !OMITTED_REQUEST_MEMBERS.contains(&name)));
    if hidden {
        Shown::Hidden
    } else if secret {
        Shown::No
    } else {
        Shown::Yes
    }
}

fn convert_top(model: &Model, shape: Option<&Shape>, value: &Value, dir: Direction) -> Value {
    match (shape, value) {
        (Some(shape), Value::Object(fields)) if !fields.is_empty() => {
            match convert(model, shape, value, dir) {
                Value::Object(m) if m.is_empty() => Value::Null,
                v => v,
            }
        }
        _ => Value::Null,
    }
}

/// CloudTrail's name for a model member: its first letter lowered.
pub fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn convert(model: &Model, shape: &Shape, value: &Value, dir: Direction) -> Value {
    match (&shape.kind, value) {
        (ShapeKind::Structure { members, .. }, Value::Object(fields)) => {
            let mut out = Map::new();
            for member in members {
                let Some(v) = fields.get(&member.name).filter(|v| !v.is_null()) else {
                    continue;
                };
                let target = model.shape(member.reference.target);
                let key = camel(&member.name);
                match shown(&member.name, target, dir) {
                    Shown::Hidden => {
                        out.insert(key, Value::String(HIDDEN.to_string()));
                    }
                    Shown::Yes => {
                        out.insert(key, convert(model, target, v, dir));
                    }
                    Shown::No => {}
                }
            }
            Value::Object(out)
        }
        (ShapeKind::List { member }, Value::Array(items)) => {
            let target = model.shape(member.target);
            Value::Array(
                items
                    .iter()
                    .map(|i| convert(model, target, i, dir))
                    .collect(),
            )
        }
        (ShapeKind::Map { value: v, .. }, Value::Object(entries)) => {
            let target = model.shape(v.target);
            Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), convert(model, target, v, dir)))
                    .collect(),
            )
        }
        (ShapeKind::Timestamp, v) => timestamp(v).unwrap_or_else(|| v.clone()),
        _ => value.clone(),
    }
}

/// A timestamp as CloudTrail writes dates in parameters: from ISO 8601 text (Query) or epoch
/// seconds (JSON 1.1).
fn timestamp(v: &Value) -> Option<Value> {
    let secs = match v {
        Value::Number(n) => n.as_f64()? as i64,
        Value::String(s) => {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .ok()?
                .unix_timestamp()
        }
        _ => return None,
    };
    Some(Value::String(parameter_time(secs)))
}

/// A UTC time to the second, from the ISO 8601 text iamd's answers carry
/// (`2026-12-06T18:49:31Z`, optionally with a fraction that is dropped); `None` for any other
/// form (an offset, a date that does not exist), which `timestamp` reads in full.
fn utc_seconds(s: &str) -> Option<UtcSeconds> {
    let b = s.as_bytes();
    let (main, rest) = b.split_at_checked(19)?;
    let fraction_then_z = match rest.split_last() {
        Some((b'Z', fraction)) => fraction,
        _ => return None,
    };
    if !(fraction_then_z.is_empty()
        || (fraction_then_z.len() >= 2
            && fraction_then_z[0] == b'.'
            && fraction_then_z[1..].iter().all(u8::is_ascii_digit)))
    {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        main[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if main[4] != b'-'
        || main[7] != b'-'
        || main[10] != b'T'
        || main[13] != b':'
        || main[16] != b':'
    {
        return None;
    }
    let t = UtcSeconds {
        year: digits(0..4)?,
        month: digits(5..7)?,
        day: digits(8..10)?,
        hour: digits(11..13)?,
        minute: digits(14..16)?,
        second: digits(17..19)?,
    };
    let month = time::Month::try_from(u8::try_from(t.month).ok()?).ok()?;
    // The date exists, the time is one of a day (RFC 3339 parsing refuses the rest too).
    time::Date::from_calendar_date(
        i32::try_from(t.year).ok()?,
        month,
        u8::try_from(t.day).ok()?,
    )
    .ok()?;
    (t.hour < 24 && t.minute < 60 && t.second < 60).then_some(t)
}

/// A time's parts, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UtcSeconds {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `parameter_time`'s text, written.
fn write_parameter_time(t: UtcSeconds, out: &mut Vec<u8>) {
    let (hour, half) = match t.hour {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    // Decimal without leading zeros (the numbers are below 10,000).
    let number = |n: u32, out: &mut Vec<u8>| {
        let mut started = false;
        for unit in [1000, 100, 10, 1] {
            let digit = (n / unit) % 10;
            started |= digit != 0 || unit == 1;
            if started {
                out.push(b'0' + digit as u8);
            }
        }
    };
    let two_digits = |n: u32, out: &mut Vec<u8>| {
        out.push(b'0' + (n / 10) as u8);
        out.push(b'0' + (n % 10) as u8);
    };
    out.extend_from_slice(MONTHS[t.month as usize - 1].as_bytes());
    out.push(b' ');
    number(t.day, out);
    out.extend_from_slice(b", ");
    number(t.year, out);
    out.extend_from_slice(b", ");
    number(hour, out);
    out.push(b':');
    two_digits(t.minute, out);
    out.push(b':');
    two_digits(t.second, out);
    out.push(b' ');
    out.extend_from_slice(half.as_bytes());
}

/// `Oct 27, 2025, 12:16:57 AM`.
pub fn parameter_time(secs: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (hour, half) = match t.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{} {}, {}, {}:{:02}:{:02} {}",
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.day(),
        t.year(),
        hour,
        t.minute(),
        t.second(),
        half
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Service, model};
    use serde_json::json;

    #[test]
    fn dates_written_directly_read_as_the_parsed_ones() {
        let written = |text: &str| {
            let mut out = Vec::new();
            write_parameter_time(utc_seconds(text).unwrap(), &mut out);
            String::from_utf8(out).unwrap()
        };
        for text in [
            "2026-12-06T18:49:31Z",
            "2026-12-06T00:00:00Z",
            "2026-01-01T12:05:09.123Z",
            "2024-02-29T23:59:59Z",
            "0999-03-04T11:00:00Z",
            "2025-10-27T00:16:57Z",
        ] {
            let parsed = timestamp(&Value::String(text.into())).unwrap();
            assert_eq!(written(text), parsed.as_str().unwrap(), "{text}");
        }
        // Anything else is read in full (or kept as it is).
        for other in [
            "2026-12-06T18:49:31+02:00",
            "2026-02-30T00:00:00Z",
            "2026-12-06T24:00:00Z",
            "2026-12-06T18:49:31.Z",
            "2026-12-06 18:49:31Z",
            "2026-12-06T18:49:31",
            "x",
            "",
        ] {
            assert_eq!(utc_seconds(other), None, "{other}");
        }
    }

    #[test]
    fn secrets_are_hidden_or_left_out() {
        let iam = model(Service::Iam);
        assert_eq!(
            request_parameters(
                iam,
                "CreateLoginProfile",
                &json!({"UserName": "bob", "Password": "s3cret!", "PasswordResetRequired": true})
            ),
            json!({"userName": "bob", "password": HIDDEN, "passwordResetRequired": true})
        );
        assert_eq!(
            request_parameters(
                iam,
                "ChangePassword",
                &json!({"OldPassword": "a", "NewPassword": "b"})
            ),
            json!({"oldPassword": HIDDEN, "newPassword": HIDDEN})
        );
        assert_eq!(
            request_parameters(
                iam,
                "EnableMFADevice",
                &json!({"UserName": "bob", "SerialNumber": "arn:x",
                        "AuthenticationCode1": "123456", "AuthenticationCode2": "654321"})
            ),
            json!({"userName": "bob", "serialNumber": "arn:x"})
        );
        let created = json!({"AccessKey": {"UserName": "bob", "AccessKeyId": "AKIA1",
            "Status": "Active", "SecretAccessKey": "wJalr", "CreateDate": "2025-10-27T00:00:17Z"}});
        assert_eq!(
            response_elements(iam, "CreateAccessKey", &created),
            json!({"accessKey": {"userName": "bob", "accessKeyId": "AKIA1", "status": "Active",
                "createDate": "Oct 27, 2025, 12:00:17 AM"}})
        );
        let mfa = json!({"VirtualMFADevice": {"SerialNumber": "arn:mfa",
            "Base32StringSeed": "SEED", "QRCodePNG": "PNG"}});
        assert_eq!(
            response_elements(iam, "CreateVirtualMFADevice", &mfa),
            json!({"virtualMFADevice": {"serialNumber": "arn:mfa"}})
        );
        let sts = model(Service::Sts);
        let assumed = json!({"Credentials": {"AccessKeyId": "ASIA1", "SecretAccessKey": "x",
            "SessionToken": "tok", "Expiration": "2025-10-27T12:00:17Z"},
            "AssumedRoleUser": {"AssumedRoleId": "AROA:s", "Arn": "arn:aws:sts::1:assumed-role/r/s"}});
        assert_eq!(
            response_elements(sts, "AssumeRole", &assumed),
            json!({"credentials": {"accessKeyId": "ASIA1", "expiration": "Oct 27, 2025, 12:00:17 PM"},
                "assumedRoleUser": {"assumedRoleId": "AROA:s", "arn": "arn:aws:sts::1:assumed-role/r/s"}})
        );
        assert_eq!(
            request_parameters(
                sts,
                "AssumeRoleWithWebIdentity",
                &json!({"RoleArn": "arn:r", "RoleSessionName": "s", "WebIdentityToken": "jwt"})
            ),
            json!({"roleArn": "arn:r", "roleSessionName": "s"})
        );
        assert_eq!(
            request_parameters(
                sts,
                "AssumeRole",
                &json!({"RoleArn": "arn:r", "RoleSessionName": "s", "SerialNumber": "arn:m", "TokenCode": "123456"})
            ),
            json!({"roleArn": "arn:r", "roleSessionName": "s", "serialNumber": "arn:m"})
        );
        // Nothing carried, nothing left: null.
        assert_eq!(
            request_parameters(iam, "ListUsers", &json!({})),
            Value::Null
        );
        assert_eq!(
            response_elements(iam, "UpdateUser", &json!({})),
            Value::Null
        );
        let orgs = model(Service::Organizations);
        assert_eq!(
            request_parameters(
                orgs,
                "CreateAccount",
                &json!({"Email": "a@example.com", "AccountName": "prod"})
            ),
            json!({"email": HIDDEN, "accountName": HIDDEN})
        );
    }

    /// The written texts are serde_json's of the values, secrets, dates, lists, maps and the
    /// empty input included (a debug build also checks every event every test records).
    #[test]
    fn written_parameters_and_elements_are_the_values_json() {
        let iam = model(Service::Iam);
        let written = |f: fn(&Model, &str, &Value, &mut Vec<u8>), action: &str, v: &Value| {
            let mut out = b"prefix".to_vec();
            f(iam, action, v, &mut out);
            String::from_utf8(out[6..].to_vec()).unwrap()
        };
        for (action, input) in [
            (
                "CreateLoginProfile",
                json!({"UserName": "bob", "Password": "s3cret!", "PasswordResetRequired": true}),
            ),
            (
                "EnableMFADevice",
                json!({"UserName": "bob", "SerialNumber": "arn:x", "AuthenticationCode1": "1"}),
            ),
            (
                "CreateUser",
                json!({"UserName": "a\"b\\c\u{1}", "Tags": [{"Key": "k", "Value": "v\u{e9}"}]}),
            ),
            ("ListUsers", json!({})),
            ("GetUser", json!({"Unknown": 1})),
            // More members than `field` scans: found by hashing, the same record.
            ("CreateUser", {
                let mut input = json!({"UserName": "many", "Path": "/p/"});
                for i in 0..20 {
                    input[format!("Extra{i}")] = json!(i);
                }
                input
            }),
        ] {
            assert_eq!(
                written(write_request_parameters, action, &input),
                serde_json::to_string(&request_parameters(iam, action, &input)).unwrap(),
                "{action}"
            );
        }
        let output = json!({"User": {"UserName": "bob", "Arn": "arn:aws:iam::1:user/bob",
            "CreateDate": "2025-10-27T00:16:57Z", "Tags": [{"Key": "k", "Value": "v"}]}});
        assert_eq!(
            written(write_response_elements, "CreateUser", &output),
            serde_json::to_string(&response_elements(iam, "CreateUser", &output)).unwrap()
        );
        let key = json!({"AccessKey": {"UserName": "bob", "AccessKeyId": "AKIA",
            "SecretAccessKey": "secret", "Status": "Active"}});
        let text = written(write_response_elements, "CreateAccessKey", &key);
        assert!(!text.contains("secret"), "{text}");
        assert_eq!(
            written(write_request_parameters, "ListUsers", &json!({})),
            "null"
        );
    }

    #[test]
    fn names_and_dates_as_cloudtrail_writes_them() {
        assert_eq!(camel("SAMLAssertionID"), "sAMLAssertionID");
        assert_eq!(camel("UserName"), "userName");
        let ct = model(Service::CloudTrail);
        assert_eq!(
            request_parameters(
                ct,
                "LookupEvents",
                &json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}],
                        "StartTime": 1761522717.5})
            ),
            json!({"lookupAttributes": [{"attributeKey": "ReadOnly", "attributeValue": "false"}],
                   "startTime": "Oct 26, 2025, 11:51:57 PM"})
        );
    }
}
