//! Policy documents on the write path: AWS's MalformedPolicyDocument checks (by `iam_policy`)
//! and AWS's size quotas, which count characters excluding whitespace.
use crate::error::{IamError, IamResult};
use iam_policy::{Policy, PolicyError, PolicyKind, parse_policy, size_without_whitespace};
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
pub enum PolicyLimit {
    Managed,
    UserInline,
    GroupInline,
    RoleInline,
    Trust,
}

pub fn validate_document(
    document: &str,
    limit: PolicyLimit,
    entity: &str,
) -> IamResult<Arc<Policy>> {
    let kind = match limit {
        PolicyLimit::Trust => PolicyKind::Resource,
        _ => PolicyKind::Identity,
    };
    let size = size_without_whitespace(document);
    let too_big = match limit {
        PolicyLimit::Managed => {
            (size > 6144).then(|| "Cannot exceed quota for PolicySize: 6144".to_string())
        }
        PolicyLimit::UserInline => (size > 2048)
            .then(|| format!("Maximum policy size of 2048 bytes exceeded for user {entity}")),
        PolicyLimit::GroupInline => (size > 5120)
            .then(|| format!("Maximum policy size of 5120 bytes exceeded for group {entity}")),
        PolicyLimit::RoleInline => (size > 10240)
            .then(|| format!("Maximum policy size of 10240 bytes exceeded for role {entity}")),
        PolicyLimit::Trust => {
            (size > 2048).then(|| "Cannot exceed quota for ACLSizePerRole: 2048".to_string())
        }
    };
    if let Some(msg) = too_big {
        return Err(IamError::LimitExceeded(msg));
    }
    if matches!(limit, PolicyLimit::Trust) {
        check_trust_shape(document)?;
    }
    match parse_policy(document, kind) {
        Ok(p) => Ok(Arc::new(p)),
        Err(PolicyError::Malformed(msg)) => Err(IamError::MalformedPolicyDocument(msg)),
    }
}

/// Compiles a document that was validated when it was written (on load, or a version becoming
/// default). `None` only if the stored text no longer parses, which is logged by the caller.
pub fn compile_stored(document: &str) -> Option<Arc<Policy>> {
    parse_policy(document, PolicyKind::Identity)
        .ok()
        .map(Arc::new)
}

/// Compiles a stored trust policy (a resource-based policy: Principal required).
pub fn compile_trust(document: &str) -> Option<Arc<Policy>> {
    parse_policy(document, PolicyKind::Resource)
        .ok()
        .map(Arc::new)
}

/// Rules AWS adds for role trust policies on top of the resource-policy grammar.
fn check_trust_shape(document: &str) -> IamResult<()> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(document) else {
        return Ok(()); // the grammar check reports the syntax error
    };
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.iter().collect::<Vec<_>>(),
        Some(one) => vec![one],
        None => return Ok(()),
    };
    for st in statements {
        if st.get("Resource").is_some() || st.get("NotResource").is_some() {
            return Err(IamError::MalformedPolicyDocument(
                "Has prohibited field Resource".into(),
            ));
        }
        let actions: Vec<&str> = match st.get("Action") {
            Some(serde_json::Value::String(a)) => vec![a.as_str()],
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect(),
            _ => Vec::new(),
        };
        let sts_action = |a: &str| {
            let a = a.to_ascii_lowercase();
            a == "*"
                || a == "sts:*"
                || a.starts_with("sts:assumerole")
                || a == "sts:tagsession"
                || a == "sts:setsourceidentity"
                || a == "sts:setcontext"
        };
        if actions.iter().any(|a| !sts_action(a)) {
            return Err(IamError::MalformedPolicyDocument(
                "AssumeRole policy may only specify STS AssumeRole actions.".into(),
            ));
        }
    }
    Ok(())
}

/// Session policies count toward AWS's packed size: the document without whitespace.
pub fn packed_size(document: &str) -> usize {
    size_without_whitespace(document)
}
