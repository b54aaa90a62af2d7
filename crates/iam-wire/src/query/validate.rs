//! Input validation against the model's constraints (`required`, `min`/`max`, `pattern`, `enum`),
//! producing AWS's `ValidationError` texts: `Value 'x' at 'path' failed to satisfy constraint: ...`,
//! pattern before length for the same member as AWS orders them, sensitive values not echoed.

use serde_json::Value;

use crate::model::{Model, Shape, ShapeKind};

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

/// Every violation in `value` (a decoded input structure), in model member order.
pub(super) fn validate_input(model: &Model, shape: &Shape, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(model, shape, value, "", &mut errors);
    errors
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

fn violation(shape: &Shape, value: &Value, path: &str, constraint: &str) -> String {
    if shape.sensitive {
        format!("Value at '{path}' failed to satisfy constraint: {constraint}")
    } else {
        format!(
            "Value '{}' at '{path}' failed to satisfy constraint: {constraint}",
            display(value)
        )
    }
}

fn check(model: &Model, shape: &Shape, value: &Value, path: &str, errors: &mut Vec<String>) {
    match &shape.kind {
        ShapeKind::Structure { members, required } => {
            let Value::Object(fields) = value else { return };
            for member in members {
                let member_path = if path.is_empty() {
                    lower_first(&member.name)
                } else {
                    format!("{path}.{}", lower_first(&member.name))
                };
                let target = model.shape(member.reference.target);
                match fields.get(&member.name) {
                    None | Some(Value::Null) => {
                        if required.contains(&member.name) {
                            errors.push(if target.sensitive {
                                format!(
                                    "Value at '{member_path}' failed to satisfy constraint: \
                                     Member must not be null"
                                )
                            } else {
                                format!(
                                    "Value null at '{member_path}' failed to satisfy constraint: \
                                     Member must not be null"
                                )
                            });
                        }
                    }
                    Some(v) if path.is_empty() && is_service_checked_path(&member.name, target) => {
                        // Its pattern is the service's check (`service_checks`).
                        if let Value::String(s) = v {
                            for c in length_violations(target, s.chars().count()) {
                                errors.push(violation(target, v, &member_path, &c));
                            }
                        }
                    }
                    Some(v) => check(model, target, v, &member_path, errors),
                }
            }
        }
        ShapeKind::List { member } => {
            let Value::Array(items) = value else { return };
            for c in length_violations(shape, items.len()) {
                errors.push(violation(shape, value, path, &c));
            }
            let target = model.shape(member.target);
            for (i, item) in items.iter().enumerate() {
                check(
                    model,
                    target,
                    item,
                    &format!("{path}.{}.member", i + 1),
                    errors,
                );
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
                errors.push(violation(shape, value, path, &c));
            }
            // AWS reports a bad key or value once for the whole map, listing the constraints of
            // the key or value shape.
            let key_shape = model.shape(key.target);
            if entries
                .keys()
                .any(|k| !scalar_violations(key_shape, &Value::String(k.clone())).is_empty())
            {
                let all = scalar_constraints(key_shape).join(", ");
                let constraint = format!("Map key must satisfy constraint: [{all}]");
                errors.push(violation(shape, value, path, &constraint));
            }
            let value_shape = model.shape(value_ref.target);
            if entries
                .values()
                .any(|v| !scalar_violations(value_shape, v).is_empty())
            {
                let all = scalar_constraints(value_shape).join(", ");
                let constraint = format!("Map value must satisfy constraint: [{all}]");
                errors.push(violation(shape, value, path, &constraint));
            }
        }
        _ => {
            for c in scalar_violations(shape, value) {
                errors.push(violation(shape, value, path, &c));
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

fn enum_constraint(values: &[String]) -> String {
    format!(
        "Member must satisfy enum value set: [{}]",
        values.join(", ")
    )
}

/// Constraint texts a scalar `value` of `shape` violates, in AWS's order.
fn scalar_violations(shape: &Shape, value: &Value) -> Vec<String> {
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
                out.push(enum_constraint(values));
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
fn scalar_constraints(shape: &Shape) -> Vec<String> {
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
            out.push(enum_constraint(values));
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
