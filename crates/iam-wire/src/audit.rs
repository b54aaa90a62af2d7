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
    let shape = model
        .operation(action)
        .and_then(|op| op.input)
        .map(|id| model.shape(id));
    convert_top(model, shape, input, Direction::Request)
}

/// `responseElements`: the output of `action` with secrets left out, or `null` when nothing
/// is left.
pub fn response_elements(model: &Model, action: &str, output: &Value) -> Value {
    let shape = model
        .operation(action)
        .and_then(|op| op.output)
        .map(|id| model.shape(id));
    convert_top(model, shape, output, Direction::Response)
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
                let secret = target.sensitive
                    || match dir {
                        Direction::Request => OMITTED_REQUEST_MEMBERS.contains(&&*member.name),
                        Direction::Response => OMITTED_RESPONSE_MEMBERS.contains(&&*member.name),
                    };
                let hidden = dir == Direction::Request
                    && (HIDDEN_REQUEST_MEMBERS.contains(&&*member.name)
                        || (target.sensitive && !OMITTED_REQUEST_MEMBERS.contains(&&*member.name)));
                let key = camel(&member.name);
                if hidden {
                    out.insert(key, Value::String(HIDDEN.to_string()));
                } else if !secret {
                    out.insert(key, convert(model, target, v, dir));
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

/// `Oct 27, 2025, 12:16:57 AM`.
pub fn parameter_time(secs: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
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
