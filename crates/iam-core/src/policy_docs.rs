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
        PolicyLimit::Trust => PolicyKind::Trust,
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

/// Compiles a stored trust policy.
pub fn compile_trust(document: &str) -> Option<Arc<Policy>> {
    parse_policy(document, PolicyKind::Trust).ok().map(Arc::new)
}

/// Session policies count toward AWS's packed size: the document without whitespace.
pub fn packed_size(document: &str) -> usize {
    size_without_whitespace(document)
}
