//! Runs the table-driven evaluation cases in `tests/cases/*.json`. Each case names the IAM User
//! Guide section it encodes, the policies in play, one request, and the expected decision.
//!
//! A policy is written either as a whole document or, for brevity, as one statement or a list of
//! statements, which is wrapped in a 2012-10-17 document.

use std::path::PathBuf;

use iam_policy::{
    ContextKeys, Decision, EvaluationInput, Policy, PolicyKind, PolicyRef, PrincipalRef,
    RequestContext, evaluate, parse_policy,
};
use serde_json::{Value, json};

fn policy(value: &Value, kind: PolicyKind) -> Result<Policy, String> {
    let document = if value.get("Statement").is_some() {
        value.clone()
    } else {
        json!({"Version": "2012-10-17", "Statement": value})
    };
    parse_policy(&document.to_string(), kind).map_err(|e| format!("{e}: {document}"))
}

fn policies(case: &Value, key: &str, kind: PolicyKind) -> Result<Option<Vec<Policy>>, String> {
    match case["policies"].get(key) {
        None => Ok(None),
        Some(Value::Array(list)) => list
            .iter()
            .map(|p| policy(p, kind))
            .collect::<Result<_, _>>()
            .map(Some),
        Some(other) => Err(format!("policies.{key} must be a list, got {other}")),
    }
}

/// Organizations policies by level (`scps`, `rcps`): a list per level, root first.
fn levels(case: &Value, key: &str, kind: PolicyKind) -> Result<Option<Vec<Vec<Policy>>>, String> {
    let Some(levels) = case["policies"].get(key) else {
        return Ok(None);
    };
    levels
        .as_array()
        .ok_or(format!("{key} must be a list of lists"))?
        .iter()
        .map(|level| {
            level
                .as_array()
                .ok_or(format!("a {key} level must be a list"))?
                .iter()
                .map(|p| policy(p, kind))
                .collect()
        })
        .collect::<Result<_, String>>()
        .map(Some)
}

fn refs(policies: &[Policy]) -> Vec<PolicyRef<'_>> {
    policies
        .iter()
        .enumerate()
        .map(|(i, policy)| PolicyRef {
            policy,
            name: NAMES[i.min(NAMES.len() - 1)],
        })
        .collect()
}

const NAMES: [&str; 4] = ["p0", "p1", "p2", "p3"];

fn principal(value: &Value) -> Option<PrincipalRef> {
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(arn) = text("aws") {
        return Some(PrincipalRef::Aws {
            account_id: text("account")
                .unwrap_or_else(|| arn.split(':').nth(4).unwrap_or("").to_string()),
            role_arn: text("role"),
            arn,
        });
    }
    if let Some(service) = text("service") {
        return Some(PrincipalRef::Service(service));
    }
    if let Some(federated) = text("federated") {
        return Some(PrincipalRef::Federated(federated));
    }
    value.get("anonymous").map(|_| PrincipalRef::Anonymous)
}

fn request(value: &Value) -> RequestContext {
    let mut context = ContextKeys::new();
    if let Some(keys) = value["context"].as_object() {
        for (key, v) in keys {
            match v {
                Value::Array(items) => context.set_many(
                    key,
                    items.iter().map(|i| i.as_str().unwrap_or("").to_string()),
                ),
                Value::String(s) => context.set(key, s.as_str()),
                other => context.set(key, other.to_string()),
            }
        }
    }
    RequestContext {
        action: value["action"].as_str().unwrap_or("").to_string().into(),
        resource: value["resource"].as_str().unwrap_or("*").to_string(),
        principal: principal(&value["principal"]),
        context,
    }
}

fn run_case(case: &Value) -> Result<(), String> {
    let identity = policies(case, "identity", PolicyKind::Identity)?.unwrap_or_default();
    let resource = policies(case, "resource", PolicyKind::Resource)?.unwrap_or_default();
    let boundary = policies(case, "boundary", PolicyKind::Identity)?;
    let session = policies(case, "session", PolicyKind::Identity)?;
    let scps = levels(case, "scps", PolicyKind::Identity)?;
    let rcps = levels(case, "rcps", PolicyKind::Resource)?;
    let input = EvaluationInput {
        identity: refs(&identity),
        resource: refs(&resource),
        boundary: boundary.as_deref().map(refs),
        session: session.as_deref().map(refs),
        scps: scps
            .as_ref()
            .map(|levels| levels.iter().map(|l| refs(l)).collect()),
        rcps: rcps
            .as_ref()
            .map(|levels| levels.iter().map(|l| refs(l)).collect()),
        same_account: case
            .get("same_account")
            .and_then(Value::as_bool)
            .unwrap_or(true),
    };
    let result = evaluate(&request(&case["request"]), &input);
    let want = case["expect"].as_str().ok_or("expect missing")?;
    let got = match result.decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    };
    if want != got {
        return Err(format!(
            "expected {want}, got {got} ({:?})",
            result.denied_by
        ));
    }
    if let Some(reason) = case.get("denied_by").and_then(Value::as_str) {
        let got = format!("{:?}", result.denied_by);
        if !got.contains(reason) {
            return Err(format!("expected denied_by {reason}, got {got}"));
        }
    }
    if let Some(keys) = case.get("missing_context_keys") {
        let got = json!(result.missing_context_keys);
        if &got != keys {
            return Err(format!("expected missing keys {keys}, got {got}"));
        }
    }
    if let Some(want) = case.get("organizations_allow") {
        let got = json!(result.organizations_allow);
        if &got != want {
            return Err(format!("expected organizations_allow {want}, got {got}"));
        }
    }
    if let Some(sids) = case.get("matched_sids") {
        let got: Vec<Value> = result.matched.iter().map(|m| json!(m.sid)).collect();
        if &Value::Array(got.clone()) != sids {
            return Err(format!("expected matched sids {sids}, got {got:?}"));
        }
    }
    Ok(())
}

#[test]
fn evaluation_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut passed, mut failures) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let suite: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in suite["cases"].as_array().expect("cases list") {
            let name = format!(
                "{} / {} [{}]",
                file.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
                case["name"].as_str().unwrap_or("?"),
                case["doc"].as_str().unwrap_or("no doc section"),
            );
            assert!(
                case["doc"].is_string(),
                "{name}: every case names its AWS doc section"
            );
            match run_case(case) {
                Ok(()) => passed += 1,
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    for failure in &failures {
        eprintln!("FAIL {failure}");
    }
    eprintln!("{passed} passed, {} failed", failures.len());
    assert!(failures.is_empty());
    assert!(passed > 0);
}
