//! Input validation against the model's constraints (`required`, `min`/`max`, `pattern`, `enum`),
//! producing AWS's `ValidationError` texts, pattern before length for the same member as AWS
//! orders them, sensitive values never echoed.
//!
//! Two dialects, per service, as AWS's 2026 recordings show them
//! (`tests/conformance/aws-recorded/`):
//! - IAM ([`Dialect::Redacted`]): `Value at 'path' failed to satisfy constraint: ...` without the
//!   value, enums without their value set, a list of strings reported once as a whole
//!   (`Member must satisfy constraint: [...]`), several violations in the order of a Java
//!   `HashMap` keyed by path (see [`java_hash_map_order`]).
//! - STS and Organizations ([`Dialect::Echoing`]): `Value 'x' at 'path' ...` with the value,
//!   enums with their value set, violations in model member order.

use serde_json::Value;

use crate::model::{Model, Service, Shape, ShapeKind};

/// How a service words its validation errors (see the module documentation).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dialect {
    Redacted,
    Echoing,
}

impl Dialect {
    fn of(model: &Model) -> Dialect {
        match model.service() {
            // Recorded: test_iam_policies.snapshot.json (tagKeys, tags), test_iam_oidc
            // (clientIDList/thumbprintList/url), test_iam_account_password_policy (three bounds).
            Service::Iam => Dialect::Redacted,
            // Recorded: sts/test_sts.snapshot.json (`Value 'Session1:2' at 'roleSessionName'`).
            Service::Sts | Service::Organizations | Service::CloudTrail => Dialect::Echoing,
        }
    }
}

/// One constraint violation: the member path it is about and its full text.
struct Violation {
    path: String,
    text: String,
}

/// AWS's message for a set of violations: `1 validation error detected: <e>` or
/// `N validation errors detected: <e1>; <e2>`.
pub(super) fn message(errors: &[String]) -> String {
    let noun = if errors.len() == 1 { "error" } else { "errors" };
    format!(
        "{} validation {noun} detected: {}",
        errors.len(),
        errors.join("; ")
    )
}

/// Every violation in `value` (a decoded input structure), in the order AWS lists them.
pub(super) fn validate_input(model: &Model, shape: &Shape, value: &Value) -> Vec<String> {
    let mut checker = Checker {
        model,
        dialect: Dialect::of(model),
        errors: Vec::new(),
    };
    checker.check(shape, value, "", false);
    let mut errors = checker.errors;
    if checker.dialect == Dialect::Redacted {
        errors = java_hash_map_order(errors);
    }
    errors.into_iter().map(|v| v.text).collect()
}

/// IAM lists several violations in the iteration order of a `java.util.HashMap` keyed by the
/// member path: by bucket (`(h ^ h >>> 16) & (capacity - 1)` of Java's `String.hashCode`), and
/// in insertion (model) order within a bucket. That rule reproduces both recorded multi-error
/// answers: `minimumPasswordLength; passwordReusePrevention; maxPasswordAge`
/// (test_iam_account_password_policy) and `clientIDList; thumbprintList; url` (test_iam_oidc).
fn java_hash_map_order(mut violations: Vec<Violation>) -> Vec<Violation> {
    // A HashMap starts with 16 buckets and doubles past a 0.75 load factor.
    let distinct = {
        let mut paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    };
    let mut capacity: u32 = 16;
    while distinct * 4 > capacity as usize * 3 {
        capacity *= 2;
    }
    let bucket = |path: &str| {
        let h = path.encode_utf16().fold(0u32, |h, unit| {
            h.wrapping_mul(31).wrapping_add(u32::from(unit))
        });
        (h ^ (h >> 16)) & (capacity - 1)
    };
    // Stable: equal buckets keep model order, and one path's violations stay together in order.
    violations.sort_by_key(|v| bucket(&v.path));
    violations
}

/// AWS's text for an entity `Path` outside its pattern (recorded: CreateVirtualMFADevice,
/// `tests/conformance/aws-recorded/iam/test_iam_mfa.snapshot.json`,
/// `create-invalid-path-no-leading-slash-error`, `create-invalid-path-no-trailing-slash-error`).
const INVALID_PATH: &str = "The specified value for path is invalid. It must begin and end \
     with / and contain only alphanumeric characters and/or / characters.";

/// An entity's `Path` (shape `pathType`): AWS checks its pattern in the service, after the
/// model's constraints (its length among them), with a text of its own rather than the model's
/// pattern message. `PathPrefix`, `NewPath` and policy paths (`policyPathType`) keep the
/// model's message: AWS's answer for them is not recorded.
fn is_service_checked_path(member: &str, target: &Shape) -> bool {
    member == "Path" && target.name == "pathType"
}

/// The checks AWS makes after the model's, for an input that passed those: AWS's message for
/// the first that fails.
pub(super) fn service_checks(model: &Model, shape: &Shape, value: &Value) -> Option<String> {
    let (ShapeKind::Structure { members, .. }, Value::Object(fields)) = (&shape.kind, value) else {
        return None;
    };
    for member in members {
        let target = model.shape(member.reference.target);
        if !is_service_checked_path(&member.name, target) {
            continue;
        }
        if let (Some(Value::String(path)), Some(p)) = (fields.get(&member.name), &target.pattern)
            && p.compiled().is_ok_and(|c| !c.is_match(path))
        {
            return Some(INVALID_PATH.to_owned());
        }
    }
    None
}

/// AWS names a member in messages by its model name with the first letter lower-cased
/// (`UserName` → `userName`, `SAMLAssertion` → `sAMLAssertion`).
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How AWS (Java) prints a value: lists as `[a, b]`, structures as `{K=v, ...}`.
fn display(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(display).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}={}", display(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
    }
}

struct Checker<'m> {
    model: &'m Model,
    dialect: Dialect,
    errors: Vec<Violation>,
}

impl Checker<'_> {
    fn push(&mut self, shape: &Shape, value: Option<&Value>, path: &str, constraint: &str) {
        let text = match value {
            Some(value) if self.dialect == Dialect::Echoing && !shape.sensitive => format!(
                "Value '{}' at '{path}' failed to satisfy constraint: {constraint}",
                display(value)
            ),
            // A missing member: the echoing dialect prints Java's `null`.
            None if self.dialect == Dialect::Echoing && !shape.sensitive => {
                format!("Value null at '{path}' failed to satisfy constraint: {constraint}")
            }
            _ => format!("Value at '{path}' failed to satisfy constraint: {constraint}"),
        };
        self.errors.push(Violation {
            path: path.to_owned(),
            text,
        });
    }

    /// `required` says whether `value`'s member is required in its structure (IAM then adds
    /// `Member must not be null` to a list's member constraints, as recorded for `tagKeys`).
    fn check(&mut self, shape: &Shape, value: &Value, path: &str, required: bool) {
        let model = self.model;
        match &shape.kind {
            ShapeKind::Structure {
                members,
                required: required_members,
            } => {
                let Value::Object(fields) = value else { return };
                for member in members {
                    let member_path = if path.is_empty() {
                        lower_first(&member.name)
                    } else {
                        format!("{path}.{}", lower_first(&member.name))
                    };
                    let target = model.shape(member.reference.target);
                    let is_required = required_members.contains(&member.name);
                    match fields.get(&member.name) {
                        None | Some(Value::Null) => {
                            if is_required {
                                self.push(target, None, &member_path, "Member must not be null");
                            }
                        }
                        Some(v)
                            if path.is_empty() && is_service_checked_path(&member.name, target) =>
                        {
                            // Its pattern is the service's check (`service_checks`).
                            if let Value::String(s) = v {
                                for c in length_violations(target, s.chars().count()) {
                                    self.push(target, Some(v), &member_path, &c);
                                }
                            }
                        }
                        Some(v) => self.check(target, v, &member_path, is_required),
                    }
                }
            }
            ShapeKind::List { member } => {
                let Value::Array(items) = value else { return };
                for c in length_violations(shape, items.len()) {
                    self.push(shape, Some(value), path, &c);
                }
                let target = model.shape(member.target);
                let scalar_members = !matches!(
                    target.kind,
                    ShapeKind::Structure { .. } | ShapeKind::List { .. } | ShapeKind::Map { .. }
                );
                if self.dialect == Dialect::Redacted && scalar_members {
                    // IAM reports a list of scalars once, listing every member constraint.
                    if items
                        .iter()
                        .any(|item| !scalar_violations(target, item, self.dialect).is_empty())
                    {
                        let mut all = scalar_constraints(target, self.dialect);
                        if required {
                            all.push("Member must not be null".to_owned());
                        }
                        let constraint =
                            format!("Member must satisfy constraint: [{}]", all.join(", "));
                        self.push(shape, Some(value), path, &constraint);
                    }
                    return;
                }
                for (i, item) in items.iter().enumerate() {
                    self.check(target, item, &format!("{path}.{}.member", i + 1), false);
                }
            }
            ShapeKind::Map {
                key,
                value: value_ref,
            } => {
                let Value::Object(entries) = value else {
                    return;
                };
                for c in length_violations(shape, entries.len()) {
                    self.push(shape, Some(value), path, &c);
                }
                // AWS reports a bad key or value once for the whole map, listing the constraints
                // of the key or value shape.
                let key_shape = model.shape(key.target);
                if entries.keys().any(|k| {
                    !scalar_violations(key_shape, &Value::String(k.clone()), self.dialect)
                        .is_empty()
                }) {
                    let all = scalar_constraints(key_shape, self.dialect).join(", ");
                    let constraint = format!("Map key must satisfy constraint: [{all}]");
                    self.push(shape, Some(value), path, &constraint);
                }
                let value_shape = model.shape(value_ref.target);
                if entries
                    .values()
                    .any(|v| !scalar_violations(value_shape, v, self.dialect).is_empty())
                {
                    let all = scalar_constraints(value_shape, self.dialect).join(", ");
                    let constraint = format!("Map value must satisfy constraint: [{all}]");
                    self.push(shape, Some(value), path, &constraint);
                }
            }
            _ => {
                for c in scalar_violations(shape, value, self.dialect) {
                    self.push(shape, Some(value), path, &c);
                }
            }
        }
    }
}

fn length_violations(shape: &Shape, len: usize) -> Vec<String> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    if let Some(min) = shape.min.filter(|&min| len < min) {
        out.push(format!(
            "Member must have length greater than or equal to {min}"
        ));
    }
    if let Some(max) = shape.max.filter(|&max| len > max) {
        out.push(format!(
            "Member must have length less than or equal to {max}"
        ));
    }
    out
}

fn pattern_constraint(source: &str) -> String {
    format!("Member must satisfy regular expression pattern: {source}")
}

fn enum_constraint(values: &[String], dialect: Dialect) -> String {
    match dialect {
        // Recorded: `Value at 'status' failed to satisfy constraint: Member must satisfy enum
        // value set` (test_iam.snapshot.json, `TestIAMServiceSpecificCredentials::test_invalid_update_parameters`).
        Dialect::Redacted => "Member must satisfy enum value set".to_owned(),
        Dialect::Echoing => format!(
            "Member must satisfy enum value set: [{}]",
            values.join(", ")
        ),
    }
}

/// Constraint texts a scalar `value` of `shape` violates, in AWS's order.
fn scalar_violations(shape: &Shape, value: &Value, dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    match (&shape.kind, value) {
        (ShapeKind::String, Value::String(s)) => {
            if let Some(p) = &shape.pattern {
                // A pattern that failed to translate cannot reject anything; the test
                // `every_model_pattern_compiles` keeps that from happening with the shipped models.
                if p.compiled().is_ok_and(|c| !c.is_match(s)) {
                    out.push(pattern_constraint(&p.source));
                }
            }
            // Smithy lengths count Unicode code points, not UTF-16 units.
            out.extend(length_violations(shape, s.chars().count()));
            if let Some(values) = shape.enum_values.as_ref().filter(|v| !v.contains(s)) {
                out.push(enum_constraint(values, dialect));
            }
        }
        (ShapeKind::Blob, Value::String(s)) => out.extend(length_violations(shape, s.len())),
        (
            ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double,
            Value::Number(n),
        ) => {
            let n = n.as_f64().unwrap_or(0.0);
            if let Some(min) = shape.min.filter(|&min| n < min as f64) {
                out.push(format!(
                    "Member must have value greater than or equal to {min}"
                ));
            }
            if let Some(max) = shape.max.filter(|&max| n > max as f64) {
                out.push(format!(
                    "Member must have value less than or equal to {max}"
                ));
            }
        }
        _ => {}
    }
    out
}

/// Every constraint of a scalar shape, as AWS lists them for map keys and values.
fn scalar_constraints(shape: &Shape, dialect: Dialect) -> Vec<String> {
    let (unit, is_length) = match shape.kind {
        ShapeKind::String | ShapeKind::Blob => ("length", true),
        _ => ("value", false),
    };
    let mut out = Vec::new();
    if let Some(max) = shape.max {
        out.push(format!(
            "Member must have {unit} less than or equal to {max}"
        ));
    }
    if let Some(min) = shape.min {
        out.push(format!(
            "Member must have {unit} greater than or equal to {min}"
        ));
    }
    if is_length {
        if let Some(p) = &shape.pattern {
            out.push(pattern_constraint(&p.source));
        }
        if let Some(values) = &shape.enum_values {
            out.push(enum_constraint(values, dialect));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_lose_only_their_first_capital() {
        assert_eq!(lower_first("UserName"), "userName");
        assert_eq!(lower_first("SAMLAssertion"), "sAMLAssertion");
        assert_eq!(lower_first("arn"), "arn");
    }

    #[test]
    fn values_print_like_java() {
        let v = serde_json::json!([{"Key": "a", "Value": "b"}, "c", 1, true]);
        assert_eq!(display(&v), "[{Key=a, Value=b}, c, 1, true]");
    }

    #[test]
    fn message_counts_errors() {
        assert_eq!(message(&["x".into()]), "1 validation error detected: x");
        assert_eq!(
            message(&["x".into(), "y".into()]),
            "2 validation errors detected: x; y"
        );
    }
}
